#include "core/audio/audiofile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace dragoman;
using namespace dragoman::audio;

namespace {

AudioBuffer tone(double seconds, int rate, float amplitude = 0.5f) {
  std::vector<float> s(std::size_t(seconds * rate));
  for (std::size_t i = 0; i < s.size(); ++i)
    s[i] = amplitude * float(std::sin(2.0 * M_PI * 440.0 * double(i) / rate));
  return AudioBuffer(std::move(s), rate);
}

} // namespace

class TestAudioFile : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void roundTripsWav() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("tone.wav"));
    const AudioBuffer original = tone(0.5, 22050);
    QVERIFY(writeWavFile(path, original).ok());
    QVERIFY(!QFile::exists(path + QStringLiteral(".part")));
    FileInfo info;
    Result<AudioBuffer> back = readAudioFile(path, &info);
    QVERIFY(back.ok());
    QCOMPARE(info.sampleRate, 22050);
    QCOMPARE(info.channels, 1);
    QCOMPARE(back->size(), original.size());
    for (std::size_t i = 0; i < original.size(); i += 97)
      QVERIFY(std::abs(back->samples()[i] - original.samples()[i]) < 1e-3f);
  }

  void missingFileIsNamed() {
    Result<AudioBuffer> r = readAudioFile(QStringLiteral("/nonexistent/speech.wav"));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ErrorKind::Input);
    QVERIFY(r.error().message.contains(QStringLiteral("/nonexistent/speech.wav")));
    QVERIFY(r.error().message.contains(QStringLiteral("does not exist")));
  }

  void corruptFileIsRejected() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("garbage.wav"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray("RIFF\x10\x00\x00\x00WAVEjunkjunkjunkjunk", 24));
    f.close();
    Result<AudioBuffer> r = readAudioFile(path);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ErrorKind::Input);
    QVERIFY(r.error().message.contains(path));
  }

  void truncatedFileKeepsWhatIsThere() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cut.wav"));
    QVERIFY(writeWavFile(path, tone(1.0, 16000)).ok());
    QFile f(path);
    QVERIFY(f.resize(44 + 16000)); // header + 0.5 s of 16-bit samples
    Result<AudioBuffer> r = readAudioFile(path);
    QVERIFY(r.ok());
    QCOMPARE(r->size(), std::size_t(8000));
  }

  void writingIntoMissingFolderFails() {
    const Status s = writeWavFile(QStringLiteral("/nonexistent-folder/out.wav"), tone(0.1, 16000));
    QVERIFY(!s.ok());
    QCOMPARE(s.error().kind, ErrorKind::Output);
    QVERIFY(s.error().message.contains(QStringLiteral("does not exist")));
  }

  void emptyFileIsRejected() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("empty.wav"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    QVERIFY(!readAudioFile(path).ok());
  }
};

QTEST_GUILESS_MAIN(TestAudioFile)
#include "tst_audiofile.moc"
