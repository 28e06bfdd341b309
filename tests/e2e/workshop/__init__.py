"""The workshop's life, step by step, as the people in it do it in the browser."""
