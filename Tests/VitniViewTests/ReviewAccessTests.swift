import Testing
import VitniView

/// The review room's door: the printed token once, then the cookie; the right host and origin.
@Suite struct ReviewAccessTests {
    let access = ReviewAccess()
    let host = "127.0.0.1:8123"

    init() { access.listening(on: 8123) }

    @Test func theTokenIsSpentForACookieThatAdmitsFromThenOn() throws {
        #expect(access.token.count == 64)
        let first = access.decide(host: host, origin: nil, fetchSite: "none", cookie: nil, token: access.token)
        guard case .admit(let setCookie) = first else {
            Issue.record("\(first)")
            return
        }
        #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
        let cookie = String(setCookie.split(separator: ";")[0])
        #expect(access.decide(host: host, origin: nil, fetchSite: nil, cookie: cookie, token: nil) == .allow)
        #expect(
            access.decide(
                host: "localhost:8123", origin: "http://localhost:8123", fetchSite: "same-origin",
                cookie: "other=1; " + cookie, token: nil) == .allow)
        // The printed address opens nothing a second time.
        let again = access.decide(host: host, origin: nil, fetchSite: "none", cookie: nil, token: access.token)
        #expect(again == .refuse("this address has been used: run vitni view again for a new one"))
    }

    @Test func withoutTheTokenOrTheCookieNothingOpens() {
        #expect(access.decide(host: host, origin: nil, fetchSite: nil, cookie: nil, token: nil) != .allow)
        let wrong = access.decide(
            host: host, origin: nil, fetchSite: nil, cookie: nil, token: String(repeating: "0", count: 64))
        #expect(wrong == .refuse("the token in this address is not this room's"))
        #expect(
            access.decide(host: host, origin: nil, fetchSite: nil, cookie: "vitni-review=guess", token: nil) != .allow)
        // A wrong token does not spend the right one.
        if case .admit = access.decide(host: host, origin: nil, fetchSite: nil, cookie: nil, token: access.token) {
        } else {
            Issue.record("the right token still opens after a wrong one")
        }
    }

    @Test func anotherHostOrOriginIsRefusedEvenWithTheToken() {
        for (host, origin, site) in [
            ("evil.example:8123", nil, nil), ("127.0.0.1:9999", nil, nil), (nil, nil, nil),
            (host, "http://evil.example", nil), (host, "null", nil), (host, nil, "cross-site"),
        ] as [(String?, String?, String?)] {
            let decision = access.decide(host: host, origin: origin, fetchSite: site, cookie: nil, token: access.token)
            guard case .refuse = decision else {
                Issue.record("\(String(describing: host)) \(String(describing: origin)): \(decision)")
                continue
            }
        }
    }
}
