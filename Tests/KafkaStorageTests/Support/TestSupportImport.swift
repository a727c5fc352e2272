// TestBroker and the other shared test helpers, for every file of this target.
@_exported import KafkitTestSupport
