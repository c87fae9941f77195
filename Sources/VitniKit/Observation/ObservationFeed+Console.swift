extension ObservationFeed {
    /// Shows the observers what the interviewer did in the recorder's terminal (once it is
    /// stored): a note or mark, and a break, which stops the live audio until `/resume`.
    public func took(_ command: RecorderCommand, offset: Int64, by interviewer: PublicIdentity) {
        switch command {
        case .note(let text): noted("", kind: .observation, text: text, author: interviewer.name, offset: offset)
        case .noteAt(let at, let text): noted("", kind: .observation, text: text, author: interviewer.name, offset: at)
        case .mark(let text):
            noted("", kind: .observation, text: text ?? "mark", author: interviewer.name, offset: offset)
        case .pause(let why):
            listening = .onBreak
            noted("", kind: .break, text: why ?? "break", author: interviewer.name, offset: offset)
        case .resume:
            listening = .live
            noted("", kind: .break, text: "resumed", author: interviewer.name, offset: offset)
        case .tick, .answer, .stop, .help: break
        }
    }
}
