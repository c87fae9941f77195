public import VitniCrypto

extension SessionBundle {
    /// Recording `number` of the bundle, or its first when `number` is nil.
    /// - Throws: `VitniError.invalidInput` when the bundle holds no such recording.
    public func recording(_ number: Int?, identities: [any AgeIdentity]) throws -> SessionFile.Recording {
        let facts = try sessionFile(identities: identities)
        let wanted = number ?? facts.recordings.first?.number
        guard let chosen = facts.recordings.first(where: { $0.number == wanted }) else {
            throw VitniError.invalidInput("the bundle holds no recording\(number.map { " \($0)" } ?? "")")
        }
        return chosen
    }
}
