// System calls Swift cannot import directly: prctl and syscall are variadic in glibc, and
// renameat2 is declared only under _GNU_SOURCE.
#ifndef CVITNI_SYSTEM_H
#define CVITNI_SYSTEM_H

/// Sets RLIMIT_CORE to 0 and clears PR_SET_DUMPABLE, so no core file and no same-user ptrace
/// attach can read this process's memory. Returns 0, or -1 with errno set.
int vitni_forbid_core_dumps(void);

/// Whether PR_SET_DUMPABLE is cleared for this process (1), set (0), or unknown (-1).
int vitni_is_dumpable(void);

/// Swaps two paths in one atomic step (renameat2 with RENAME_EXCHANGE): both must exist.
/// Returns 0, or -1 with errno set (EINVAL or ENOSYS where the file system cannot).
int vitni_exchange_paths(const char *first, const char *second);

/// Renames `from` to `to` only if nothing is at `to` (renameat2 with RENAME_NOREPLACE), so a
/// directory appearing under a bundle's name never replaces anything. Returns 0, or -1 with errno.
int vitni_rename_noreplace(const char *from, const char *to);

/// Opens an unnamed regular file in `directory` for writing (O_TMPFILE), with `mode`: a process
/// killed before ``vitni_link_unnamed`` leaves nothing on disk. Returns the descriptor, or -1
/// with errno set (EOPNOTSUPP, EISDIR or EINVAL where the file system cannot).
int vitni_open_unnamed(const char *directory, unsigned int mode);

/// Gives the unnamed file `fd` the name `path` (which must not exist). Returns 0 or -1 with errno.
int vitni_link_unnamed(int fd, const char *path);

/// Copies up to `length` bytes from `in` at `*offset` (which it advances) to `out` at that file's
/// position, inside the kernel (copy_file_range). Returns the count copied, 0 at the end of `in`,
/// or -1 with errno set (EXDEV, ENOSYS, EINVAL or EOPNOTSUPP where the kernel or file system cannot).
long long vitni_copy_range(int in, long long *offset, int out, unsigned long long length);

#endif
