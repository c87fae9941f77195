import Foundation

/// Makes a system call again when a signal interrupted it before it did anything (`EINTR`): the
/// one retry loop every read, write, send, recv, poll and connect in Vitni shares.
/// - Parameter call: the system call, returning a negative value and setting `errno` on failure.
/// - Returns: its first result that is not an interruption, with `errno` as the call left it.
public func retryingOnEINTR<Result: BinaryInteger>(_ call: () throws -> Result) rethrows -> Result {
    while true {
        let result = try call()
        if result >= 0 || errno != EINTR { return result }
    }
}
