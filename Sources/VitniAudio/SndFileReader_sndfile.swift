internal import CSndFile

/// Owns one `SNDFILE*` opened for reading and closes it in `deinit`.
///
/// It also owns the `VirtualAudioFile` libsndfile's virtual-I/O callbacks reach through the
/// `user_data` pointer, an unretained pointer to `box`: sound because the box is a stored
/// property of this reader, so it lives at least as long as the `SNDFILE*`, which `deinit`
/// closes before the stored properties are released; libsndfile calls the callbacks only from
/// inside `sf_*` calls this reader makes, on the caller's thread.
final class SndFileReader {
    private let handle: OpaquePointer
    private let box: VirtualFileBox
    let name: String
    let info: SF_INFO

    var file: any VirtualAudioFile { box.file }

    /// Opens `file`; `raw` gives the layout of headerless PCM (nil: detect the container).
    init(file: any VirtualAudioFile, raw: AudioFormat?) throws {
        var info = SF_INFO()
        if let raw {
            info.samplerate = Int32(raw.sampleRate)
            info.channels = Int32(raw.channels)
            info.format = Int32(SF_FORMAT_RAW | SF_ENDIAN_LITTLE) | Self.subtype(raw.encoding)
        }
        var io = SF_VIRTUAL_IO(
            get_filelen: { user in virtualFile(user).length },
            seek: { offset, whence, user in virtualFile(user).seek(offset: offset, whence: whence) },
            read: { pointer, count, user in
                Int64(virtualFile(user).read(into: UnsafeMutableRawBufferPointer(start: pointer, count: Int(count))))
            },
            write: { _, _, _ in 0 },
            tell: { user in virtualFile(user).position }
        )
        let box = VirtualFileBox(file)
        let opened = sf_open_virtual(&io, Int32(SFM_READ), &info, Unmanaged.passUnretained(box).toOpaque())
        file.didOpen()
        guard let handle = opened else {
            if let failure = file.failure { throw failure }
            if file.isEmpty { throw AudioError.empty(name: file.name) }
            throw Self.openError(name: file.name, code: sf_error(nil), message: String(cString: sf_strerror(nil)))
        }
        self.handle = handle
        self.box = box
        self.name = file.name
        self.info = info
    }

    deinit { sf_close(handle) }

    /// The frame count libsndfile derived from the header (may be a placeholder; see `AudioDecoder`).
    var declaredFrames: Int64 { info.frames }

    /// The container and the PCM encoding that holds the source's samples exactly.
    var format: AudioFormat {
        let major = Int(info.format) & SF_FORMAT_TYPEMASK
        let sub = Int(info.format) & SF_FORMAT_SUBMASK
        let container: AudioContainer
        switch major {
        case SF_FORMAT_WAV, SF_FORMAT_WAVEX, SF_FORMAT_RF64: container = .wav
        case SF_FORMAT_FLAC: container = .flac
        case SF_FORMAT_RAW: container = .raw
        case SF_FORMAT_OGG: container = sub == SF_FORMAT_OPUS ? .oggOpus : sub == SF_FORMAT_VORBIS ? .oggVorbis : .other
        default: container = .other
        }
        let encoding: SampleEncoding
        switch sub {
        case SF_FORMAT_PCM_S8, SF_FORMAT_PCM_U8, SF_FORMAT_PCM_16, SF_FORMAT_ULAW, SF_FORMAT_ALAW: encoding = .int16
        case SF_FORMAT_PCM_24: encoding = .int24
        case SF_FORMAT_PCM_32: encoding = .int32
        default: encoding = .float32
        }
        return AudioFormat(
            sampleRate: Int(info.samplerate), channels: Int(info.channels), encoding: encoding,
            container: container)
    }

    /// Frames read as `encoding`: the count actually read, 0 at the end.
    func readShorts(_ target: UnsafeMutablePointer<Int16>, frames: Int) throws -> Int {
        try checked(sf_readf_short(handle, target, Int64(frames)))
    }

    func readInts(_ target: UnsafeMutablePointer<Int32>, frames: Int) throws -> Int {
        try checked(sf_readf_int(handle, target, Int64(frames)))
    }

    func readFloats(_ target: UnsafeMutablePointer<Float>, frames: Int) throws -> Int {
        try checked(sf_readf_float(handle, target, Int64(frames)))
    }

    /// Moves to `frame`; returns the frame reached.
    func seek(frame: Int64) throws -> Int64 {
        let reached = sf_seek(handle, frame, SEEK_SET)
        if let failure = file.failure { throw failure }
        guard reached >= 0 else {
            throw AudioError.corrupt(
                name: name, reason: "cannot seek to frame \(frame): \(String(cString: sf_strerror(handle)))")
        }
        return reached
    }

    private func checked(_ count: Int64) throws -> Int {
        if let failure = file.failure { throw failure }
        let code = sf_error(handle)
        if count < 0 || code != 0 {
            throw AudioError.corrupt(name: name, reason: String(cString: sf_error_number(code)))
        }
        return Int(count)
    }

    static func subtype(_ encoding: SampleEncoding) -> Int32 {
        switch encoding {
        case .int16: Int32(SF_FORMAT_PCM_16)
        case .int24: Int32(SF_FORMAT_PCM_24)
        case .int32: Int32(SF_FORMAT_PCM_32)
        case .float32: Int32(SF_FORMAT_FLOAT)
        }
    }

    private static func openError(name: String, code: Int32, message: String) -> AudioError {
        switch Int(code) {
        case SF_ERR_UNRECOGNISED_FORMAT: .unrecognised(name: name, reason: message)
        case SF_ERR_UNSUPPORTED_ENCODING: .unsupported("\(name): \(message)")
        case SF_ERR_SYSTEM: .io(name: name, operation: "open", reason: message)
        default: .corrupt(name: name, reason: message)
        }
    }
}

/// Holds the file behind a virtual-I/O `user_data` pointer (see `SndFileReader` for why this is sound).
private final class VirtualFileBox {
    let file: any VirtualAudioFile
    init(_ file: any VirtualAudioFile) { self.file = file }
}

private func virtualFile(_ user: UnsafeMutableRawPointer?) -> any VirtualAudioFile {
    Unmanaged<VirtualFileBox>.fromOpaque(user!).takeUnretainedValue().file
}
