"""Stage 4: study tools generated from the same data (flashcards, question bank, matrix, ...)."""
