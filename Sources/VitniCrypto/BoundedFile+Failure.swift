import Foundation
public import VitniFormats

extension BoundedFile {
    /// Why a small file could not be read; callers usually restate it in their own module's error.
    public struct Failure: ReportableError, Equatable {
        public enum Reason: Equatable, Sendable {
            case io(operation: String, code: Int32)
            case notRegularFile
            case tooLarge(limit: Int)
        }

        public let path: String
        public let reason: Reason

        public init(path: String, reason: Reason) {
            self.path = path
            self.reason = reason
        }

        public var description: String {
            switch reason {
            case .io(let operation, let code): "\(path): \(operation) failed: \(String(cString: strerror(code)))"
            case .notRegularFile: "\(path): not a regular file"
            case .tooLarge(let limit): "\(path): file is larger than \(limit) bytes"
            }
        }

        public var exitStatus: ExitStatus {
            if case .io = reason { return .couldNotCarryOut }
            return .failedCheck
        }
    }
}
