"""The API's submissions, reviews, comments and decisions resources."""
