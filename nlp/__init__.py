"""Chinese NLP for environmental public opinion: pure analysis, text in and results out."""
