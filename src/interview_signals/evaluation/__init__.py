"""How well the model does: calibration metrics, outcome tables and studies of the fitted model."""
