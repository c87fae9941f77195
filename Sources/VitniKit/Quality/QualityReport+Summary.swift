import Foundation

extension QualityReport {
    /// A one-screen summary for a supervisor: each metric with a short note on why it matters.
    /// Only numbers appear — never the interview's words. It states no pass mark beyond what
    /// docs/domain.md gives (suggestive prompts: target 0).
    public var summary: String {
        var lines: [String] = []
        let languageName = language == .swedish ? "Swedish" : "English"
        lines.append(
            "Interview quality — automatic NICHD prompt coding (\(languageName) rules"
                + (languageFallback ? ", used because the transcript language has no rules of its own" : "") + ")")
        let all = overall
        lines.append(
            "Interviewer utterances: \(all.prompts) — \(Count.of(all.substantive, "substantive prompt")), "
                + "\(Count.of(all.counts.facilitator, "facilitator")), \(all.counts.other) other (greetings, procedure, ground rules)."
        )
        if let share = all.invitationShare {
            lines.append(
                "Open invitations: \(Self.percent(share)) of substantive prompts (\(all.invitations) of \(all.substantive)). "
                    + "Good practice in research: most substantive prompts are invitations; "
                    + "after training, shares of 70–76% have been reported.")
        } else {
            lines.append("Open invitations: no substantive prompts were found.")
        }
        lines.append(
            "  invitation \(all.counts.invitation) · cued \(all.counts.cuedInvitation) · time-segmenting "
                + "\(all.counts.timeSegmenting) · directive \(all.counts.directive) · option-posing "
                + "\(all.counts.optionPosing) · suggestive \(all.counts.suggestive)")
        if let before = all.promptsBeforeFirstOptionPosing {
            lines.append(
                "Substantive prompts before the first option-posing (yes/no or either/or) question: \(before). "
                    + "More open prompts first lets the child give a free account.")
        } else {
            lines.append("No option-posing (yes/no or either/or) question was asked.")
        }
        lines.append(
            "Suggestive prompts: \(all.suggestive) (target 0: they imply the answer, assume facts the child "
                + "has not given, or pressure).")
        if all.optionPosing > 0 {
            lines.append(
                "Option-posing questions followed by a paired invitation: \(all.optionPosingPaired) of "
                    + "\(all.optionPosing). After a yes/no answer, an invitation lets the child tell it in their own words."
            )
        }
        let wordParts = UtteranceCategory.allCases.compactMap { category -> String? in
            guard let words = all.childWordsByPrompt[category.rawValue], let mean = words.mean else { return nil }
            return "\(category.rawValue) \(String(format: "%.1f", mean))"
        }
        if !wordParts.isEmpty {
            lines.append(
                "Child's words per answer, by the prompt before it: " + wordParts.joined(separator: " · ")
                    + ". Research compares these to see which prompts let the child say most.")
        }
        if !phases.isEmpty {
            let parts = phases.map { phase -> String in
                let name = phase.phase ?? "no phase"
                guard let share = phase.invitationShare else { return "\(name): no substantive prompts" }
                return
                    "\(name): \(phase.substantive) substantive, \(Self.percent(share)) open, \(phase.suggestive) suggestive"
            }
            lines.append("By phase — " + parts.joined(separator: "; ") + ".")
        }
        lines.append(
            "Coded automatically from transcript text by fixed rules; a trained coder should check it before use.")
        return lines.joined(separator: "\n")
    }

    private static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }
}
