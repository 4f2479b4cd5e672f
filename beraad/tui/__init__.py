"""The Textual app. Screens stay thin: they ask the model what to show and hand
captured values back to it; the store does all the writing."""
