#include "tests/unit/tokenizers/spmtestdata.h"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <unordered_map>

namespace dragoman::test::spm {

namespace {

void appendCodePoint(std::string &out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

const char *const kWords[] = {
    "the",    "cat",       "sits",      "on",     "mat",          "Hello",  "world",   "translation", "speech",
    "live",   "Straße",    "Mädchen",   "Über",   "café",         "naïve",  "über",    "señor",       "niño",
    "año",    "garçon",    "привет",    "мир",    "говорю",       "日本語", "翻訳",    "東京",        "中文",
    "你好",   "世界",      "한국어",    "안녕",   "مرحبا",        "שלום",   "नमस्ते",    "ελληνικά",    "İstanbul",
    "ǅ",      "ﬁne",       "ﬂow",       "Ａｂｃ", "１２３",       "①②",     "㍿",      "ℌ",           "x²",
    "½",      "e\xCC\x81", "A\xCC\x8A", "😀",      "👩‍💻",  "🇩🇪",     "❤️",  "I'm",         "don't",
    "U.S.A.", "3.14",      "1,000",     "e-mail", "#tag",         "@user",  ">>fra<<", "<unk>",       "<s>",
    "</s>",   "<pad>",     "▁",         "▁x",     "\xEF\xBF\xBD", "…",      "—",
};

const char32_t kSpaces[] = {U' ', U' ', U' ', U'\t', U'\n', U'\r', 0xA0, 0x3000, 0x2009, 0x200B, 0x2028, 0x0B, 0x0C};

class VectorIterator final : public sentencepiece::SentenceIterator {
public:
  explicit VectorIterator(const std::vector<std::string> &lines) : m_lines(lines) {}
  bool done() const override { return m_index >= m_lines.size(); }
  void Next() override { ++m_index; }
  const std::string &value() const override { return m_lines[m_index]; }
  sentencepiece::util::Status status() const override { return {}; }

private:
  const std::vector<std::string> &m_lines;
  std::size_t m_index = 0;
};

// Normalization rules in SentencePiece's TSV form (source code points, tab, target code points):
// overlapping sources for the longest match, expansions to several spaces, and deletions.
const char kRulesTsv[] = "41\t61\n"
                         "41 42\t78 79 7A\n"
                         "41 42 43\t20 20 51\n"
                         "E9\t65 301\n"
                         "9\t20\n"
                         "A0\t20\n"
                         "3000\t20 20\n"
                         "2581\t5F\n"
                         "7E\t20 7E 20\n";
const char kDenormalizationTsv[] = "5F\t2D\n"
                                   "78 79 7A\t41 42\n";

std::string train(const std::unordered_map<std::string, std::string> &options, const std::vector<std::string> &corpus) {
  std::unordered_map<std::string, std::string> all = options;
  all.emplace("minloglevel", "2");
  all.emplace("num_threads", "2");
  all.emplace("hard_vocab_limit", "false");
  all.emplace("model_prefix", "");
  all.emplace("character_coverage", "0.995");
  VectorIterator iterator(corpus);
  std::string model;
  const auto status = sentencepiece::SentencePieceTrainer::Train(all, &iterator, &model);
  if (!status.ok())
    std::fprintf(stderr, "training failed: %s\n", status.ToString().c_str());
  return model;
}

} // namespace

// Bytes as readable text: printable ASCII as is, everything else \xNN.
std::string escape(std::string_view bytes) {
  std::string out;
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7F && byte != '\\') {
      out.push_back(c);
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", byte);
      out += hex;
    }
  }
  return out;
}

std::string show(const std::vector<std::string> &pieces) {
  std::string out = "[";
  for (std::size_t i = 0; i < pieces.size(); ++i)
    out += (i == 0 ? "\"" : ", \"") + escape(pieces[i]) + "\"";
  return out + "]";
}

void TextGenerator::addUnit(std::string &out) {
  switch (below(20)) {
  case 0:
  case 1:
  case 2:
  case 3:
  case 4: out += kWords[below(std::size(kWords))]; break;
  case 5:
  case 6:
  case 7: appendCodePoint(out, kSpaces[below(std::size(kSpaces))]); break;
  case 8: // ASCII, punctuation included
    for (std::size_t n = 1 + below(6); n > 0; --n)
      out.push_back(static_cast<char>(between(0x21, 0x7E)));
    break;
  case 9: // accented and other Latin
    appendCodePoint(out, between(0xC0, 0x24F));
    break;
  case 10: // CJK, kana, hangul
    appendCodePoint(out, below(3) == 0 ? between(0x3040, 0x30FF)
                                       : (below(2) == 0 ? between(0x4E00, 0x9FFF) : between(0xAC00, 0xD7A3)));
    break;
  case 11: // emoji and other astral characters
    appendCodePoint(out, below(4) == 0 ? between(0x10000, 0x10FFFF) : between(0x1F300, 0x1FAFF));
    break;
  case 12: // full-width forms, ligatures, compatibility characters
    appendCodePoint(out, below(3) == 0   ? between(0xFB00, 0xFB06)
                         : below(2) == 0 ? between(0xFF01, 0xFF9F)
                                         : between(0x2150, 0x24FF));
    break;
  case 13: // combining marks, alone or after a letter
    if (below(2) == 0)
      out.push_back(static_cast<char>(between('a', 'z')));
    appendCodePoint(out, between(0x300, 0x36F));
    break;
  case 14: // control characters, NUL included
    appendCodePoint(out, below(3) == 0 ? between(0x80, 0x9F) : (below(8) == 0 ? 0x7F : between(0, 0x1F)));
    break;
  case 15: { // invalid UTF-8
    static const char *const kBroken[] = {"\x80",         "\xFF",     "\xC3",         "\xE3\x81",
                                          "\xF0\x9F\x98", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                                          "\xFE",         "\xC3\x28"};
    out += kBroken[below(std::size(kBroken))];
    break;
  }
  case 16: // any BMP character
    appendCodePoint(out, [&] {
      for (;;)
        if (const char32_t cp = between(0x20, 0xFFFD); cp < 0xD800 || cp > 0xDFFF)
          return cp;
    }());
    break;
  case 17:
  case 18: // a piece of the model itself
    if (!m_vocabulary.empty())
      out += m_vocabulary[below(m_vocabulary.size())];
    break;
  default: // special characters SentencePiece and NFKC care about
    static const char32_t kSpecial[] = {0x2581, 0xFFFD, 0xFEFF, 0x2047, 0x00AD, 0x200D, 0xFE0F, 0x0130, 0x1E9E, 0x2126};
    appendCodePoint(out, kSpecial[below(std::size(kSpecial))]);
  }
}

// Sentences of the words above and of made-up words (syllables, some accented or Cyrillic), so
// that the trained vocabularies reach a few thousand pieces with many overlapping ones.
std::vector<std::string> trainingCorpus() {
  static const char *const kSyllables[] = {"ka", "to", "ri", "ne", "mu", "sha", "lo", "ver", "an", "st", "qu", "ei",
                                           "é",  "ü",  "ñ",  "ça", "ø",  "ко",  "ра", "ни",  "ть", "の", "に", "語"};
  std::mt19937 random(11);
  std::vector<std::string> madeUp;
  for (int i = 0; i < 1500; ++i) {
    std::string word;
    for (int n = 1 + static_cast<int>(random() % 4); n > 0; --n)
      word += kSyllables[random() % std::size(kSyllables)];
    madeUp.push_back(std::move(word));
  }
  std::vector<std::string> lines;
  TextGenerator rare(7);
  for (int i = 0; i < 6000; ++i) {
    std::string line;
    const int count = 3 + static_cast<int>(random() % 12);
    for (int w = 0; w < count; ++w) {
      if (w > 0)
        line += random() % 9 == 0 ? "  " : " ";
      // Zipf-like: the first made-up words are the most frequent.
      line += random() % 3 == 0 ? kWords[random() % std::size(kWords)]
                                : madeUp[static_cast<std::size_t>(std::pow(random() % 1000 / 1000.0, 3) * 1500)];
      if (random() % 40 == 0)
        line += rare.text(1); // now and then a rarer character
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

std::vector<TestModel> trainedModels(const std::vector<std::string> &corpus, const std::string &folder) {
  const std::string rules = folder + "/rules.tsv";
  const std::string denormalization = folder + "/denormalization.tsv";
  for (const auto &[path, content] : {std::pair{rules, kRulesTsv}, std::pair{denormalization, kDenormalizationTsv}})
    std::ofstream(path, std::ios::binary) << content;
  using Options = std::unordered_map<std::string, std::string>;
  const std::pair<const char *, Options> trained[] = {
      {"unigram nmt_nfkc_cf byte_fallback user_defined control",
       {{"model_type", "unigram"},
        {"vocab_size", "3000"},
        {"normalization_rule_name", "nmt_nfkc_cf"},
        {"byte_fallback", "true"},
        {"user_defined_symbols", "<sep>,@@,☃,ab,▁the"},
        {"control_symbols", "<ctl>,<2de>"},
        {"unk_surface", "<?>"}}},
      {"bpe identity no_dummy_prefix keep_whitespace user_defined",
       {{"model_type", "bpe"},
        {"vocab_size", "2500"},
        {"normalization_rule_name", "identity"},
        {"add_dummy_prefix", "false"},
        {"remove_extra_whitespaces", "false"},
        {"user_defined_symbols", "<sep>,@@,ab"},
        {"pad_id", "3"}}},
      {"bpe nfkc byte_fallback whitespace-spanning pieces",
       {{"model_type", "bpe"},
        {"vocab_size", "3000"},
        {"normalization_rule_name", "nfkc"},
        {"byte_fallback", "true"},
        {"split_by_whitespace", "false"},
        {"allow_whitespace_only_pieces", "true"},
        {"split_digits", "true"}}},
      {"unigram whitespace suffix",
       {{"model_type", "unigram"},
        {"vocab_size", "2000"},
        {"treat_whitespace_as_suffix", "true"},
        {"split_by_unicode_script", "false"}}},
      {"bpe whitespace suffix",
       {{"model_type", "bpe"}, {"vocab_size", "2000"}, {"treat_whitespace_as_suffix", "true"}}},
      {"unigram custom rules and denormalization",
       {{"model_type", "unigram"},
        {"vocab_size", "2000"},
        {"normalization_rule_tsv", rules},
        {"denormalization_rule_tsv", denormalization},
        {"remove_extra_whitespaces", "true"}}},
      {"bpe custom rules, no whitespace removal",
       {{"model_type", "bpe"},
        {"vocab_size", "2000"},
        {"normalization_rule_tsv", rules},
        {"remove_extra_whitespaces", "false"},
        {"character_coverage", "0.98"}}},
  };
  std::vector<TestModel> out;
  for (const auto &[name, options] : trained)
    out.push_back({std::string("trained: ") + name, train(options, corpus)});
  return out;
}

std::string trainModelOfType(const char *type, const std::vector<std::string> &corpus) {
  return train({{"model_type", type}, {"vocab_size", "300"}, {"use_all_vocab", "true"}}, corpus);
}

std::string withUnusedPieces(const std::string &bytes, int every) {
  sentencepiece::SentencePieceProcessor reference;
  if (!reference.LoadFromSerializedProto(bytes).ok())
    return {};
  std::vector<std::string> keep;
  for (int id = 0; id < reference.GetPieceSize(); ++id)
    if (id % every != 0)
      keep.push_back(reference.IdToPiece(id));
  std::vector<std::string_view> views(keep.begin(), keep.end());
  if (!reference.SetVocabulary(views).ok())
    return {};
  return reference.serialized_model_proto();
}

} // namespace dragoman::test::spm
