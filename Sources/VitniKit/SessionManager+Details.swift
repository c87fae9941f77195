public import VitniCrypto
import VitniFormats
public import VitniStore

extension SessionManager {
    /// The session's sealed details (child reference, participants).
    public func details(of session: SessionRecord, identities: [any AgeIdentity]) throws -> SessionDetails {
        try details(of: session, sessionKey: try sessionIdentity(of: session, identities: identities))
    }

    func details(of session: SessionRecord, sessionKey: Age.X25519Identity) throws -> SessionDetails {
        try VitniError.wrap(file: "session \(session.id)") {
            try SealedValue.open(session.details, as: SessionDetails.self, identities: [sessionKey])
        }
    }
}
