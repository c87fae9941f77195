import FuzzSupport
import VitniCrypto
import VitniFormats

@testable import VitniKit

/// The agent's wire format, both directions: the input is a frame body (after the length) read
/// as a request (the agent's side) and as a response (the client's side).
///
/// A request or response that decodes encodes to a frame whose body decodes to the same thing.
@main enum FuzzAgentWire {
    static func main() { runFuzzer(fuzz) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = input(data, size)
    guard bytes.count <= Agent.maximumRequestSize else { return 0 }
    let body = bytes.withUnsafeBytes { SecretBytes(copying: $0) }
    if let request = try? Agent.Request.decode(body) {
        guard let frame = request.encoded() else { fatalError("property broken: a decoded request does not encode") }
        let again = try? Agent.Request.decode(frame.slice(4..<frame.count))
        require(again.map(describe) == describe(request), "a request does not decode as encoded")
    }
    if let response = try? Agent.Response.decode(body) {
        let frame = response.encoded()
        let again = try? Agent.Response.decode(frame.slice(4..<frame.count))
        require(again.map(describe) == describe(response), "a response does not decode as encoded")
    }
    return 0
}

/// A comparable summary (requests and responses hold secrets, which are not Equatable).
private func describe(_ request: Agent.Request) -> String {
    switch request {
    case .unwrap(let stanzas): "unwrap \(stanzas)"
    case .add(let name, let identity, let milliseconds): "add \(name) \(identity.recipient.encoded) \(milliseconds)"
    case .status: "status"
    case .lock: "lock"
    }
}

private func describe(_ response: Agent.Response) -> String {
    switch response {
    case .ok: "ok"
    case .fileKey(let key): "file key " + key.withUnsafeBytes { Array($0) }.description
    case .noMatch: "no match"
    case .status(let status): "status \(status)"
    case .failure(let failure): "failure \(failure)"
    }
}
