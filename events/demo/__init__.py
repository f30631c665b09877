"""The demo corpus: the five seed articles and the facts cited from them."""
