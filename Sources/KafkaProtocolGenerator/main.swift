// Placeholder: the generator is being written.
print("kafka-protocol generator")
