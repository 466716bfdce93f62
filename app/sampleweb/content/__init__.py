"""Original, fictional content of the sample web (articles, posts, board threads) and the catalog that serves it."""
