"""Helpers of the training and prediction commands: metrics, baselines, model files, the
loop."""
