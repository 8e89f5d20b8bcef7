"""From an observation to the answer: features, silence, the model, the reasons, what could change, next steps."""
