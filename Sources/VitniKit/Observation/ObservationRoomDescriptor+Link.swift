import Foundation

extension ObservationRoomDescriptor {
    /// The link an invitation gives: the room's address, the one-time token, and the
    /// certificate's fingerprint, so that the fingerprint travels with every invitation.
    /// - Parameter host: the address observers reach the room at (default: the one it listens
    ///   on, or this machine's first network address when it listens on all of them).
    public func link(token: String, host: String? = nil) -> String {
        let reachable =
            host ?? (["0.0.0.0", "::"].contains(self.host) ? Self.networkAddress() ?? "localhost" : self.host)
        let authority = reachable.contains(":") ? "[\(reachable)]" : reachable
        return "https://\(authority):\(port)/join?invite=\(token)&fp=\(certificateSHA256)"
    }

    /// The fingerprint as browsers show it: upper-case hex pairs joined by colons.
    public var displayedFingerprint: String {
        var pairs: [String] = []
        var digits = certificateSHA256.uppercased()[...]
        while !digits.isEmpty {
            pairs.append(String(digits.prefix(2)))
            digits = digits.dropFirst(2)
        }
        return pairs.joined(separator: ":")
    }

    /// The first IPv4 address of an interface that is up and not the loopback.
    static func networkAddress() -> String? { networkAddresses().first }

    /// The IPv4 addresses of the interfaces that are up, but for the loopback.
    public static func networkAddresses() -> [String] {
        var found: [String] = []
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return [] }
        defer { freeifaddrs(list) }
        for entry in sequence(first: first, next: { $0.pointee.ifa_next }) {
            let flags = Int32(entry.pointee.ifa_flags)
            guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == UInt8(AF_INET),
                flags & Int32(IFF_UP) != 0, flags & Int32(IFF_LOOPBACK) == 0
            else { continue }
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            guard
                getnameinfo(
                    address, socklen_t(MemoryLayout<sockaddr_in>.size), &host, socklen_t(host.count), nil, 0,
                    NI_NUMERICHOST) == 0
            else { continue }
            found.append(String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return found
    }
}
