import Foundation
import Testing
import VitniKit
import VitniStore

/// Several writers, each with its own connection to the catalogue as separate processes would
/// have, add notes at once: none is lost, none is doubled, and each keeps its offset.
@Suite struct ConcurrentNotesTests {
    @Test func fourWritersWithTheirOwnConnectionsLoseNothing() throws {
        let f = try SessionFixture()
        let directory = f.manager.workspace.directory
        let authors = [f.interviewer, f.observer, f.interviewer, f.observer]
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: authors.count) { writer in
            do {
                let manager = SessionManager(workspace: try Workspace(directory: directory))
                let session = try manager.workspace.session(id: f.session.id)
                for note in 1...250 {
                    try manager.notes.add(
                        to: session, author: authors[writer].publicIdentity, kind: .observation,
                        text: "writer \(writer) note \(note)", offset: Int64(note * 1000 + writer))
                }
            } catch {
                failures.add("writer \(writer): \(error)")
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
        let notes = try f.manager.notes.all(of: try f.current, identities: [f.interviewer.identity])
        #expect(notes.count == 1000)
        #expect(Set(notes.map(\.text)).count == 1000)
        let offsets = notes.compactMap(\.offsetMilliseconds)
        #expect(offsets.count == 1000 && offsets == offsets.sorted(), "each keeps its offset, in time order")
    }
}

/// Errors collected from concurrent writers.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    func add(_ message: String) { lock.withLock { messages.append(message) } }
    var all: [String] { lock.withLock { messages } }
}
