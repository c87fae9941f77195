internal import CSndFile

/// Owns one `SNDFILE*` opened for writing through a `HeadLimitedSink`, closing it in `close()` or,
/// failing that, in `deinit`.
///
/// The virtual-I/O `user_data` is `Unmanaged.passUnretained(sink)`: sound because the sink is a
/// stored property of this writer and the `SNDFILE*` is closed (in `close()` or `deinit`) before the
/// sink can be released; libsndfile calls back only from inside `sf_*` calls this writer makes.
final class SndFileWriter {
    private var handle: OpaquePointer?
    let sink: HeadLimitedSink

    init(format: AudioFormat, sink: HeadLimitedSink, compressionLevel: Int) throws {
        self.sink = sink
        let major: Int
        switch (format.container, format.encoding) {
        case (.wav, _): major = SF_FORMAT_WAV
        case (.flac, .int16), (.flac, .int24): major = SF_FORMAT_FLAC
        case (.flac, _):
            throw AudioError.unsupported("FLAC holds 16- or 24-bit integers, not \(format.encoding.rawValue)")
        default: throw AudioError.unsupported("the encoder writes WAV or FLAC, not \(format.container.rawValue)")
        }
        var info = SF_INFO()
        info.samplerate = Int32(format.sampleRate)
        info.channels = Int32(format.channels)
        info.format = Int32(major) | SndFileReader.subtype(format.encoding)
        guard sf_format_check(&info) != 0 else { throw AudioError.unsupported("libsndfile rejects \(format)") }
        var io = SF_VIRTUAL_IO(
            get_filelen: { user in headLimitedSink(user).length },
            seek: { offset, whence, user in headLimitedSink(user).seek(offset: offset, whence: whence) },
            read: { _, _, user in Int64(headLimitedSink(user).read()) },
            write: { pointer, count, user in
                Int64(headLimitedSink(user).write(UnsafeRawBufferPointer(start: pointer, count: Int(count))))
            },
            tell: { user in headLimitedSink(user).position }
        )
        guard let handle = sf_open_virtual(&io, Int32(SFM_WRITE), &info, Unmanaged.passUnretained(sink).toOpaque())
        else {
            if let failure = sink.failure { throw failure }
            throw AudioError.encoding(reason: String(cString: sf_strerror(nil)))
        }
        self.handle = handle
        if format.encoding == .float32 {
            // Raw writes bypass libsndfile's peak tracking, so its PEAK chunk would be wrong; omit it.
            _ = sf_command(handle, Int32(SFC_SET_ADD_PEAK_CHUNK), nil, Int32(SF_FALSE))
        }
        if major == SF_FORMAT_FLAC {
            // libsndfile maps [0, 1] onto FLAC levels 0…8 as lrint(x * 8); level 5 is `flac -5`.
            var level = Double(compressionLevel) / 8
            guard
                sf_command(handle, Int32(SFC_SET_COMPRESSION_LEVEL), &level, Int32(MemoryLayout<Double>.size))
                    == SF_TRUE
            else { throw AudioError.encoding(reason: "libsndfile refused FLAC compression level \(compressionLevel)") }
        }
    }

    deinit { if let handle { sf_close(handle) } }

    /// Writes already-laid-out little-endian PCM bytes (WAV only: no conversion happens).
    func writeRaw(_ bytes: UnsafeRawBufferPointer) throws {
        let written = sf_write_raw(try open(), bytes.baseAddress, Int64(bytes.count))
        try check(written == Int64(bytes.count))
    }

    func writeShorts(_ samples: UnsafePointer<Int16>, frames: Int) throws {
        try check(sf_writef_short(try open(), samples, Int64(frames)) == Int64(frames))
    }

    func writeInts(_ samples: UnsafePointer<Int32>, frames: Int) throws {
        try check(sf_writef_int(try open(), samples, Int64(frames)) == Int64(frames))
    }

    /// Closes the file, which makes libsndfile rewrite its header; surfaces any error on the way.
    func close() throws {
        guard let handle else { return }
        self.handle = nil
        let code = sf_close(handle)
        if let failure = sink.failure { throw failure }
        guard code == 0 else { throw AudioError.encoding(reason: String(cString: sf_error_number(code))) }
    }

    private func open() throws -> OpaquePointer {
        guard let handle else { throw AudioError.invalidArgument("the encoder is already finished") }
        return handle
    }

    private func check(_ complete: Bool) throws {
        if let failure = sink.failure { throw failure }
        guard complete, let handle else {
            throw AudioError.encoding(reason: String(cString: sf_strerror(handle)))
        }
        let code = sf_error(handle)
        guard code == 0 else { throw AudioError.encoding(reason: String(cString: sf_error_number(code))) }
    }
}

/// The sink behind a virtual-I/O `user_data` pointer (see `SndFileWriter` for why this is sound).
private func headLimitedSink(_ user: UnsafeMutableRawPointer?) -> HeadLimitedSink {
    Unmanaged<HeadLimitedSink>.fromOpaque(user!).takeUnretainedValue()
}
