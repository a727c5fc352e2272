// KafkaBroker: see docs/ARCHITECTURE.md
