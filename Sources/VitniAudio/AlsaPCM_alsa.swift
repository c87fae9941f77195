internal import CAlsa
import Foundation

/// Owns one capture `snd_pcm_t*` (and, when opened from a private configuration, its
/// `snd_config_t*`), closing them in `deinit`.
final class AlsaPCM {
    private let handle: OpaquePointer
    private let configuration: OpaquePointer?
    let device: String
    let periodFrames: Int
    let bufferFrames: Int

    /// Opens `device` for blocking capture in `format`, exactly (no silent resampling).
    /// - Parameter configurationText: ALSA configuration (asoundrc syntax) to resolve `device` in,
    ///   instead of the system's; nil uses the system configuration.
    init(device: String, format: AudioFormat, periodFrames requestedPeriod: Int, configurationText: String?) throws {
        self.device = device
        var config: OpaquePointer?
        if let configurationText {
            config = try Self.loadConfiguration(configurationText, device: device)
        }
        var pcm: OpaquePointer?
        let opened: Int32
        if let config {
            opened = snd_pcm_open_lconf(&pcm, device, SND_PCM_STREAM_CAPTURE, 0, config)
        } else {
            opened = snd_pcm_open(&pcm, device, SND_PCM_STREAM_CAPTURE, 0)
        }
        guard opened >= 0, let pcm else {
            if let config { snd_config_delete(config) }
            throw AudioError.alsa(device: device, operation: "open for capture", reason: Self.message(opened))
        }
        handle = pcm
        configuration = config
        (periodFrames, bufferFrames) = try Self.configure(pcm, device: device, format: format, period: requestedPeriod)
    }

    deinit {
        snd_pcm_close(handle)
        if let configuration { snd_config_delete(configuration) }
    }

    /// Reads up to `frames` frames; recovers from overruns (reporting them through `overrun`).
    /// - Returns: frames read (> 0).
    func read(into buffer: UnsafeMutableRawPointer, frames: Int, overrun: () -> Void) throws -> Int {
        while true {
            let count = snd_pcm_readi(handle, buffer, snd_pcm_uframes_t(frames))
            if count > 0 { return Int(count) }
            let code = Int32(count)
            if count == 0 || code == -EAGAIN { continue }
            if code == -ENODEV || code == -EIO || code == -EBADFD {
                throw AudioError.deviceLost(device: device, reason: Self.message(code))
            }
            // -EPIPE (overrun: samples were lost) and -ESTRPIPE (suspended) are recoverable.
            let recovered = snd_pcm_recover(handle, code, 1)
            guard recovered >= 0 else {
                if recovered == -ENODEV || recovered == -EIO {
                    throw AudioError.deviceLost(device: device, reason: Self.message(recovered))
                }
                throw AudioError.alsa(
                    device: device, operation: "recover after \(Self.message(code))",
                    reason: Self.message(recovered))
            }
            if code == -EPIPE { overrun() }
        }
    }

    private static func configure(_ pcm: OpaquePointer, device: String, format: AudioFormat, period: Int) throws
        -> (Int, Int)
    {
        var params: OpaquePointer?
        guard snd_pcm_hw_params_malloc(&params) >= 0, let params else {
            throw AudioError.alsa(device: device, operation: "allocate parameters", reason: "out of memory")
        }
        defer { snd_pcm_hw_params_free(params) }
        func step(_ operation: String, _ code: Int32) throws {
            guard code >= 0 else { throw AudioError.alsa(device: device, operation: operation, reason: message(code)) }
        }
        try step("read capabilities", snd_pcm_hw_params_any(pcm, params))
        try step("disable resampling", snd_pcm_hw_params_set_rate_resample(pcm, params, 0))
        try step("set interleaved access", snd_pcm_hw_params_set_access(pcm, params, SND_PCM_ACCESS_RW_INTERLEAVED))
        try step(
            "set sample format \(format.encoding.rawValue)",
            snd_pcm_hw_params_set_format(pcm, params, alsaFormat(format.encoding)))
        try step(
            "set \(format.channels) channels", snd_pcm_hw_params_set_channels(pcm, params, UInt32(format.channels)))
        try step(
            "set rate \(format.sampleRate) Hz", snd_pcm_hw_params_set_rate(pcm, params, UInt32(format.sampleRate), 0))
        var periodSize = snd_pcm_uframes_t(period)
        var direction: Int32 = 0
        try step(
            "set period \(period) frames", snd_pcm_hw_params_set_period_size_near(pcm, params, &periodSize, &direction))
        var bufferSize = periodSize * 4
        try step("set buffer", snd_pcm_hw_params_set_buffer_size_near(pcm, params, &bufferSize))
        try step("apply parameters", snd_pcm_hw_params(pcm, params))
        try step("prepare", snd_pcm_prepare(pcm))
        return (Int(periodSize), Int(bufferSize))
    }

    private static func loadConfiguration(_ text: String, device: String) throws -> OpaquePointer {
        var top: OpaquePointer?
        guard snd_config_top(&top) >= 0, let top else {
            throw AudioError.alsa(device: device, operation: "create configuration", reason: "out of memory")
        }
        var input: OpaquePointer?
        let bytes = Array(text.utf8)
        let opened = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { snd_input_buffer_open(&input, $0.baseAddress, buffer.count) }
        }
        guard opened >= 0, let input else {
            snd_config_delete(top)
            throw AudioError.alsa(device: device, operation: "read configuration", reason: message(opened))
        }
        let loaded = snd_config_load(top, input)
        snd_input_close(input)
        guard loaded >= 0 else {
            snd_config_delete(top)
            throw AudioError.alsa(device: device, operation: "parse configuration", reason: message(loaded))
        }
        return top
    }

    private static func alsaFormat(_ encoding: SampleEncoding) -> snd_pcm_format_t {
        switch encoding {
        case .int16: SND_PCM_FORMAT_S16_LE
        case .int24: SND_PCM_FORMAT_S24_3LE
        case .int32: SND_PCM_FORMAT_S32_LE
        case .float32: SND_PCM_FORMAT_FLOAT_LE
        }
    }

    static func message(_ code: Int32) -> String {
        String(cString: snd_strerror(code))
    }
}
