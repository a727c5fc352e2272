// KafkaClient: see docs/ARCHITECTURE.md
