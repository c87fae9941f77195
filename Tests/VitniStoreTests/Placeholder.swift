// Filled by the store tests.
