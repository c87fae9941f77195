import Foundation
import Testing
import VitniTestSupport

@testable import VitniKit

/// A same-user client that connects and then stalls, or trickles a byte at a time, must hold up
/// neither other clients nor the idle timeout: a real agent process, a raw socket client.
@Suite struct AgentStallCLITests {
    let sandbox: AgentSandbox

    init() throws { sandbox = try AgentSandbox() }

    /// Connects and sends a frame's length, then one byte every `interval` until `duration` has
    /// passed or the agent closes the connection; runs on a thread of its own.
    final class TricklingClient: Sendable {
        let socket: UnixSocket
        private let finished = DispatchSemaphore(value: 0)

        init(socketPath: String, interval: Duration, duration: Duration) throws {
            socket = try UnixSocket.connect(path: socketPath)
            socket.setTimeouts(seconds: 1)
            let socket = socket
            let finished = finished
            Thread {
                defer { finished.signal() }
                let end = ContinuousClock.now + duration
                let prefix: [UInt8] = [0, 0, 0x10, 0]  // promises 4 KiB
                guard (try? prefix.withUnsafeBytes({ try socket.send($0) })) != nil else { return }
                while ContinuousClock.now < end {
                    Thread.sleep(
                        forTimeInterval: Double(interval.components.seconds) + Double(interval.components.attoseconds)
                            / 1e18)
                    guard (try? [UInt8(1)].withUnsafeBytes({ try socket.send($0) })) != nil else { return }
                }
            }.start()
        }

        func waitUntilDone() { finished.wait() }
    }

    @Test func aStalledClientDoesNotHoldUpAStatusRequest() throws {
        #expect(try sandbox.unlock("anna").status == 0)
        // One that sends nothing at all, and one that keeps a read going by trickling bytes.
        let silent = try UnixSocket.connect(path: sandbox.socketPath)
        let trickler = try TricklingClient(
            socketPath: sandbox.socketPath, interval: .milliseconds(500), duration: .seconds(15))
        defer { trickler.waitUntilDone() }
        usleep(300_000)
        let started = ContinuousClock.now
        let status = try sandbox.vitni(["agent", "status"])
        let took = ContinuousClock.now - started
        #expect(status.status == 0, "\(status.stderrText)")
        #expect(status.stdoutText.contains("anna\t"))
        #expect(took < .seconds(4), "status waited \(took) behind stalled clients")
        _ = silent
    }

    @Test func theIdleTimeoutRunsOnWhileAClientTrickles() throws {
        let unlock = try sandbox.unlock("anna", timeout: "0.05")  // 3 seconds
        #expect(unlock.status == 0, "\(unlock.stderrText)")
        let pid = try #require(sandbox.agentPID())
        let trickler = try TricklingClient(
            socketPath: sandbox.socketPath, interval: .milliseconds(300), duration: .seconds(20))
        defer { trickler.waitUntilDone() }
        let started = ContinuousClock.now
        #expect(sandbox.eventually(within: 9) { !sandbox.isAgentProcess(pid) && !sandbox.socketExists })
        #expect(ContinuousClock.now - started < .seconds(9), "the agent outlived its idle timeout")
    }
}
