#pragma once
// The engine factory. Backends register here from app/context; the pipeline asks for engines by
// name and never links a backend (DESIGN.md rule 2).

#include "core/common/types.h"
#include "core/inference/engines.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

namespace dragoman {

struct LanguagePair {
  QString source; // ISO 639-1
  QString target;
  bool operator==(const LanguagePair &) const = default;
};

// "en→es, es→en", or "none".
QString describePairs(const QList<LanguagePair> &pairs);

// What `dragoman engines` prints about one engine on this machine.
struct EngineInfo {
  QString name;
  Stage stage = Stage::Asr;
  QString description;
  bool available = false;
  QString reason;             // why it is unavailable, and the fix
  QStringList languages;      // ASR/TTS languages (ISO 639-1)
  QList<LanguagePair> pairs;  // MT pairs
  bool offlineTier = false;   // Debian's fallback engines
  bool pairsFromModel = false; // MT: the model folder decides the pairs (checked when the engine loads)
};

class EngineRegistry {
public:
  using Probe = std::function<EngineInfo()>;
  using AsrFactory = std::function<Result<std::unique_ptr<IAsrEngine>>(const AsrParams &)>;
  using TranslatorFactory = std::function<Result<std::unique_ptr<ITranslator>>(const TranslatorParams &)>;
  using SynthFactory = std::function<Result<std::unique_ptr<ISynthesizer>>(const SynthParams &)>;

  void addAsr(const QString &name, Probe probe, AsrFactory factory);
  void addTranslator(const QString &name, Probe probe, TranslatorFactory factory);
  void addSynthesizer(const QString &name, Probe probe, SynthFactory factory);

  // Probes every engine (may touch the disk or start a child process).
  QList<EngineInfo> engines() const;
  Result<EngineInfo> info(Stage stage, const QString &name) const;
  QStringList names(Stage stage) const;

  Result<std::unique_ptr<IAsrEngine>> createAsr(const AsrParams &params) const;
  Result<std::unique_ptr<ITranslator>> createTranslator(const TranslatorParams &params) const;
  Result<std::unique_ptr<ISynthesizer>> createSynthesizer(const SynthParams &params) const;

  // Checks engines and languages before any work starts, so that a wrong pair fails in milliseconds.
  // tts may be null when no speech will be made.
  Status checkJob(const AsrParams &asr, const TranslatorParams &mt, const SynthParams *tts) const;

private:
  struct Entry {
    QString name;
    Stage stage;
    Probe probe;
    AsrFactory asr;
    TranslatorFactory translator;
    SynthFactory synth;
  };
  const Entry *find(Stage stage, const QString &name) const;
  Error unknownEngine(Stage stage, const QString &name) const;
  std::vector<Entry> m_entries;
};

} // namespace dragoman
