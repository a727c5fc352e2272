/// The states of a transactional id (`TransactionState`), with the byte the transaction log
/// stores and the name DescribeTransactions/ListTransactions report.
public enum TransactionState: Int8, Sendable, CaseIterable {
    case empty = 0
    case ongoing = 1
    case prepareCommit = 2
    case prepareAbort = 3
    case completeCommit = 4
    case completeAbort = 5
    case dead = 6
    case prepareEpochFence = 7

    public var name: String {
        switch self {
        case .empty: "Empty"
        case .ongoing: "Ongoing"
        case .prepareCommit: "PrepareCommit"
        case .prepareAbort: "PrepareAbort"
        case .completeCommit: "CompleteCommit"
        case .completeAbort: "CompleteAbort"
        case .dead: "Dead"
        case .prepareEpochFence: "PrepareEpochFence"
        }
    }

    public init?(name: String) {
        guard let state = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = state
    }

    /// The states a transition to `self` may start from (`TransactionState.validPreviousStates`).
    var validPreviousStates: Set<TransactionState> {
        switch self {
        case .empty: [.empty, .completeCommit, .completeAbort]
        case .ongoing: [.ongoing, .empty, .completeCommit, .completeAbort]
        case .prepareCommit: [.ongoing]
        // Version 2 may abort with no partition added (from an idle state).
        case .prepareAbort: [.ongoing, .prepareEpochFence, .empty, .completeCommit, .completeAbort]
        case .completeCommit: [.prepareCommit]
        case .completeAbort: [.prepareAbort]
        case .dead: [.empty, .completeCommit, .completeAbort]
        case .prepareEpochFence: [.ongoing]
        }
    }

    /// Whether a transaction is being decided: markers are (to be) written.
    var isPreparing: Bool { self == .prepareCommit || self == .prepareAbort }
}

/// COMMIT or ABORT (`TransactionResult`).
public enum TransactionResult: Sendable {
    case commit
    case abort
}
