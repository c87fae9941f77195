import VitniCrypto
import VitniKit

/// A transfer hands on custody, not the means to read: a new holder who is not one of the
/// bundle's recipients can verify and pass it on but cannot open the evidence, so say so.
enum CustodyTransferCheck {
    /// Warns on stderr when `holder` is not a recipient of `bundle`, or when that cannot be told
    /// (`identities` do not open the session facts). Never fails the transfer, which is done.
    static func warnIfCannotOpen(
        _ bundle: String, holder: PublicIdentity, identities: () throws -> [any AgeIdentity], trust: BundleTrust
    ) {
        let copy = "`vitni export --for \(holder.name) \(bundle)` makes a copy they can read"
        do {
            let recipients = try VerifiedBundle.open(bundle, trust: trust).recipients(identities: try identities())
            guard !recipients.includes(holder.ageRecipient) else { return }
            printWarning(
                "\(holder.name) (\(holder.keyID)) is not a recipient: the evidence is encrypted to "
                    + "\(recipients.description); they can verify the bundle and hand it on but cannot open its "
                    + "files; \(copy)")
        } catch {
            printWarning(
                "could not tell whether \(holder.name) can open the evidence (\(error)); give `-i IDENTITY` "
                    + "(one of the bundle's recipients) to check; if they cannot, \(copy)")
        }
    }
}
