// KafkaStorage: see docs/ARCHITECTURE.md
