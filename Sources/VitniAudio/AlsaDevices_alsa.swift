internal import CAlsa
import Foundation

/// An ALSA PCM device that can capture, as `vitni record --list-devices` shows it.
public struct CaptureDevice: Sendable, Equatable {
    /// What `--input alsa:NAME` takes (`default`, `hw:CARD=PCH,DEV=0`, `plughw:…`).
    public let name: String
    /// ALSA's description, first line (the card and device names), if it gives one.
    public let description: String?
}

extension AlsaCapture {
    /// The PCM devices ALSA's configuration names that are not output-only (ALSA's own
    /// hints: nothing is opened, so a device in use by the recorder is listed too).
    public static func devices() -> [CaptureDevice] {
        var hints: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
        guard snd_device_name_hint(-1, "pcm", &hints) == 0, let hints else { return [] }
        defer { snd_device_name_free_hint(hints) }
        var devices: [CaptureDevice] = []
        var cursor = hints
        while let hint = cursor.pointee {
            defer { cursor += 1 }
            let direction = Self.hintValue(hint, "IOID")
            guard direction == nil || direction == "Input", let name = Self.hintValue(hint, "NAME") else { continue }
            let description = Self.hintValue(hint, "DESC")?.split(separator: "\n").first.map(String.init)
            devices.append(CaptureDevice(name: name, description: description))
        }
        return devices
    }

    private static func hintValue(_ hint: UnsafeMutableRawPointer, _ key: String) -> String? {
        guard let value = snd_device_name_get_hint(hint, key) else { return nil }
        defer { free(value) }
        return String(cString: value)
    }
}
