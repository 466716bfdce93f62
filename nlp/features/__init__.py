"""Feature extractors shared by the text classifiers (scikit-learn transformers, saved with skops)."""
