#pragma once
// Where tests find shared data and the built binary.

#include <QString>

namespace dragoman::test {

// ../shared beside the checkout, or $DRAGOMAN_SHARED. Empty when absent.
QString sharedDir();
// A file under shared/ (e.g. "data/speech/jfk.flac"); empty when absent.
QString sharedFile(const QString &relative);
// The built `dragoman` executable.
QString dragomanBinary();
// The source tree (for resources/samples).
QString sourceDir();

} // namespace dragoman::test

// Skips the current test with a clear message when a shared file is missing.
#define DRAGOMAN_REQUIRE_SHARED(var, relative)                                                        \
  const QString var = dragoman::test::sharedFile(QStringLiteral(relative));                            \
  if (var.isEmpty())                                                                                    \
    QSKIP(qPrintable(QStringLiteral("shared file %1 not found: set DRAGOMAN_SHARED to the shared/ folder") \
                         .arg(QStringLiteral(relative))))
