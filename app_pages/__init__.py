"""The app's pages: each turns widgets into a validated observation, calls the library and renders."""
