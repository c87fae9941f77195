import ArgumentParser
import Foundation
import VitniKit
import VitniStore

struct InviteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite",
        abstract: "Invite a participant to the observation room of a recording session (a one-time link).",
        discussion: discussion(
            "The link opens the room that `vitni record --observe` serves, once, for the participant named; "
                + "every note they post there is theirs. It carries the room's certificate fingerprint: check that "
                + "the browser shows the same. An invitation can be withdrawn at any time, and whoever joined "
                + "with it is let go.",
            examples: examples(
                "vitni invite per", "vitni invite --session CASE-2026-0042_S01 --host 10.0.0.5 per",
                "vitni invite --list", "vitni invite --withdraw i-3fa9c2d1")))

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var actor: ActorOptions
    @Option(help: ArgumentHelp("Session id (default: the only open session).", valueName: "session"))
    var session: String?
    @Option(help: ArgumentHelp("The address observers reach this machine at (default: its first).", valueName: "host"))
    var host: String?
    @Flag(help: "No QR code, only the link.") var noQR = false
    @Flag(help: "List the session's invitations.") var list = false
    @Option(help: ArgumentHelp("Withdraw this invitation.", valueName: "id")) var withdraw: String?
    @Argument(help: ArgumentHelp("The participant to invite (identity name or file).", valueName: "participant"))
    var participant: String?

    func validate() throws {
        let modes = [participant != nil, list, withdraw != nil].filter { $0 }.count
        guard modes == 1 else {
            throw ValidationError("name the participant to invite, or give --list or --withdraw ID")
        }
    }

    func run() throws {
        let manager = try workspace.sessions()
        let target = try manager.session(session)
        let person = try actor.identity()
        if list { return try printList(manager, target) }
        if let withdraw {
            try manager.invitations.withdraw(withdraw, of: target, by: person)
            return print(
                "invitation \(withdraw) withdrawn: its link admits no one, and whoever joined with it is let go")
        }
        guard let room = try ObservationRoomDescriptor.current(target.id, in: manager.workspace) else {
            throw VitniError.invalidInput(
                "no observation room is open for \(target.id): start the recorder with `vitni record --observe` first")
        }
        let invited = try publicIdentity(participant ?? "")
        let (invitation, token) = try manager.invitations.invite(invited, to: target, by: person)
        let link = room.link(token: token, host: host)
        print("invitation \(invitation.id) for \(invited.name) (\(invited.role.rawValue)) to \(target.id), one use:")
        print(link)
        print("certificate fingerprint (SHA-256): \(room.displayedFingerprint)")
        if !noQR { QRCode.print(link) }
    }

    private func printList(_ manager: SessionManager, _ target: SessionRecord) throws {
        let invitations = try manager.invitations.list(of: target)
        if invitations.isEmpty { return print("no invitations for \(target.id)") }
        for invitation in invitations {
            let state =
                invitation.withdrawnAt.map { "withdrawn \($0)" } ?? invitation.usedAt.map { "joined \($0)" }
                ?? "not used"
            print("\(invitation.id)  key \(invitation.participantKeyID)  made \(invitation.createdAt)  \(state)")
        }
    }
}

/// A QR code of a link on the terminal, drawn by `qrencode` when it is installed. The link is
/// given on standard input, never as an argument other users could read from the process list.
enum QRCode {
    static func print(_ link: String) {
        let path = "/usr/bin/qrencode"
        guard FileManager.default.isExecutableFile(atPath: path) else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-t", "UTF8", "-m", "2", "-o", "-"]
        let input = Pipe()
        process.standardInput = input
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return }
        input.fileHandleForWriting.write(Data(link.utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
