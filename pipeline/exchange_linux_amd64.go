package pipeline

// sysRenameat2 is renameat2's system call number (syscall does not list it
// for amd64).
const sysRenameat2 = 316
