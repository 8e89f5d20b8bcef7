"""The documented prior: the simulator of interviews and outcomes, built on written-down assumptions."""
