// KafkaRaft: see docs/ARCHITECTURE.md
