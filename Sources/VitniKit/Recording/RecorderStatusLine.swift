import Foundation
public import VitniAudio

/// The recorder's status line as text. Total over every status it can be given: digital
/// silence, clipping, a level that is not a number, a terminal of any width. Nothing here may
/// trap: a recorder that stops while a child is speaking loses the testimony's continuity.
public enum RecorderStatusLine {
    /// Bars in the level meter, 3 dB each: 0 at −60 dBFS and below, all at 0 dBFS.
    public static let meterWidth = 20

    /// The bars lit for a peak level; 0 for silence and for a level that is not a number.
    public static func bars(peakDBFS: Double) -> Int {
        guard !peakDBFS.isNaN else { return 0 }
        let lit = ((peakDBFS + 60) / 3).rounded(.down)
        return Int(max(0, min(Double(meterWidth), lit)))
    }

    /// `silent` for digital silence, `CLIP` at full scale, else the peak in dBFS.
    public static func peakText(_ peakDBFS: Double) -> String {
        if peakDBFS.isNaN || peakDBFS == -.infinity { return "silent" }
        if peakDBFS >= -0.1 { return "CLIP" }
        return String(format: "%5.1f dBFS", max(-99.9, peakDBFS))
    }

    /// `● REC 1:23  [#######             ] -21.0 dBFS  saved 1:22`.
    public static func render(_ status: Recorder.Status, format: AudioFormat, label: String = "● REC") -> String {
        let elapsed = Offset.format(format.milliseconds(frames: max(0, status.capturedFrames)))
        var line = "\(label) \(elapsed)"
        if let level = status.level {
            let lit = bars(peakDBFS: level.peakDBFS)
            line += "  [" + String(repeating: "#", count: lit) + String(repeating: " ", count: meterWidth - lit) + "] "
            line += peakText(level.peakDBFS)
        }
        return line + "  saved \(Offset.format(format.milliseconds(frames: max(0, status.durableFrames))))"
    }

    /// At most `columns - 1` characters of `text`, keeping its end (what is being typed), so a
    /// line never wraps and the cursor arithmetic of a two-line display holds.
    public static func fit(_ text: String, columns: Int, keepingEnd: Bool = false) -> String {
        let room = max(1, columns - 1)
        guard text.count > room else { return text }
        return keepingEnd ? "…" + text.suffix(room - 1) : text.prefix(room - 1) + "…"
    }
}
