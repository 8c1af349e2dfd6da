// ByteBpeTokenizer::fromTokenizerJson and ::fromVocabMerges: Hugging Face's byte-level BPE files.
// Token strings there are spelled in GPT-2's byte-level alphabet (bytelevel.h); merges rank pairs
// by their position in the list; added tokens carry their text as it is.

#include "core/inference/torch/tokenizers/bytebpe.h"
#include "core/inference/torch/tokenizers/bytebpeimpl.h"
#include "core/inference/torch/tokenizers/bytelevel.h"

#include <nlohmann/json.hpp>

namespace dragoman::torchrt {

namespace {

using Json = nlohmann::json;

// RFC 6901: a key inside a JSON pointer.
std::string pointerKey(std::string_view key) {
  std::string out;
  for (const char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

Json parseJson(const std::string &path) {
  const std::string text = readTokenizerFile(path);
  try {
    return Json::parse(text);
  } catch (const Json::exception &e) { // parse_error, and out_of_range for a number beyond double
    throwCorrupt(path, std::string("not valid JSON (") + e.what() + ")");
  }
}

int tokenIdValue(const Json &value, const std::string &where) {
  if (!value.is_number_integer())
    throwCorrupt(where, "expected an integer token id, found " + value.dump());
  const auto id = value.get<long long>();
  if (id < 0 || id >= kMaxTokenId)
    throwCorrupt(where, "token id " + std::to_string(id) + " is out of range");
  return static_cast<int>(id);
}

// vocab: {"byte-level token": id, ...}; `where` is the file plus the JSON path of the object.
void addVocab(ByteBpeBuilder &builder, const Json &vocab, const std::string &where) {
  if (!vocab.is_object())
    throwCorrupt(where, "expected an object of token -> id");
  for (const auto &[token, value] : vocab.items()) {
    const std::string at = where + "/" + pointerKey(token);
    const int id = tokenIdValue(value, at);
    std::optional<std::string> bytes = byteLevelToBytes(token);
    if (!bytes)
      throwCorrupt(at, "token is not spelled in the byte-level alphabet");
    if (const std::string error = builder.addPlain(id, std::move(*bytes)); !error.empty())
      throwCorrupt(at, error);
  }
}

void addMerge(ByteBpeBuilder &builder, std::string_view left, std::string_view right, const std::string &where) {
  int ids[2] = {-1, -1};
  const std::string_view parts[2] = {left, right};
  for (int i = 0; i < 2; ++i) {
    const std::optional<std::string> bytes = byteLevelToBytes(parts[i]);
    const int *id = bytes ? builder.plainId(*bytes) : nullptr;
    if (id == nullptr)
      throwCorrupt(where, "merge refers to unknown token " + quoteToken(parts[i]));
    ids[i] = *id;
  }
  if (const std::string error = builder.addMerge(ids[0], ids[1]); !error.empty())
    throwCorrupt(where, error);
}

// "left right" (merges.txt, older tokenizer.json) -> the two halves, or false.
bool splitMergeLine(std::string_view line, std::string_view &left, std::string_view &right) {
  const std::size_t space = line.find(' ');
  if (space == std::string_view::npos || space == 0 || space + 1 >= line.size() ||
      line.find(' ', space + 1) != std::string_view::npos)
    return false;
  left = line.substr(0, space);
  right = line.substr(space + 1);
  return true;
}

void checkTokenizerJsonShape(const Json &root, const std::string &path) {
  if (!root.is_object())
    throwCorrupt(path, "expected a JSON object");
  const auto model = root.find("model");
  if (model == root.end() || !model->is_object())
    throwCorrupt(path + ": /model", "missing");
  if (const auto type = model->find("type"); type != model->end() && *type != "BPE")
    throwUnsupported(path + ": /model/type", type->dump() + ": only BPE models are supported");
  for (const char *affix : {"continuing_subword_prefix", "end_of_word_suffix"})
    if (const auto it = model->find(affix); it != model->end() && it->is_string() && !it->get<std::string>().empty())
      throwUnsupported(path + ": /model/" + affix, "is not supported");
  if (const auto normalizer = root.find("normalizer"); normalizer != root.end() && !normalizer->is_null())
    throwUnsupported(path + ": /normalizer", "text normalizers are not supported");
  const auto pre = root.find("pre_tokenizer");
  if (pre == root.end() || !pre->is_object() || pre->value("type", std::string()) != "ByteLevel")
    throwUnsupported(path + ": /pre_tokenizer", "only the ByteLevel pre-tokenizer is supported");
  if (pre->value("add_prefix_space", false))
    throwUnsupported(path + ": /pre_tokenizer/add_prefix_space", "true is not supported");
  if (!pre->value("use_regex", true))
    throwUnsupported(path + ": /pre_tokenizer/use_regex", "false is not supported");
}

} // namespace

ByteBpeTokenizer ByteBpeTokenizer::fromTokenizerJson(const std::string &path) {
  const Json root = parseJson(path);
  checkTokenizerJsonShape(root, path);
  const Json &model = root["model"];
  ByteBpeBuilder builder;
  if (!model.contains("vocab"))
    throwCorrupt(path + ": /model/vocab", "missing");
  addVocab(builder, model["vocab"], path + ": /model/vocab");

  const auto merges = model.find("merges");
  if (merges == model.end() || !merges->is_array())
    throwCorrupt(path + ": /model/merges", "missing or not an array");
  for (std::size_t i = 0; i < merges->size(); ++i) {
    const std::string where = path + ": /model/merges/" + std::to_string(i);
    const Json &merge = (*merges)[i];
    std::string_view left, right;
    if (merge.is_string()) { // "left right"
      if (!splitMergeLine(merge.get_ref<const std::string &>(), left, right))
        throwCorrupt(where, "expected \"left right\", found " + merge.dump());
    } else if (merge.is_array() && merge.size() == 2 && merge[0].is_string() && merge[1].is_string()) {
      left = merge[0].get_ref<const std::string &>();
      right = merge[1].get_ref<const std::string &>();
    } else {
      throwCorrupt(where, "expected \"left right\" or [\"left\", \"right\"], found " + merge.dump());
    }
    addMerge(builder, left, right, where);
  }

  if (const auto added = root.find("added_tokens"); added != root.end() && !added->is_null()) {
    if (!added->is_array())
      throwCorrupt(path + ": /added_tokens", "expected an array");
    for (std::size_t i = 0; i < added->size(); ++i) {
      const std::string where = path + ": /added_tokens/" + std::to_string(i);
      const Json &token = (*added)[i];
      if (!token.is_object() || !token.contains("id") || !token.contains("content") || !token["content"].is_string())
        throwCorrupt(where, "expected {\"id\": ..., \"content\": \"...\"}");
      const int id = tokenIdValue(token["id"], where + "/id");
      if (const std::string error = builder.addSpecial(id, token["content"].get<std::string>()); !error.empty())
        throwCorrupt(where, error);
    }
  }

  builder.setWholePieces(model.value("ignore_merges", false));
  std::shared_ptr<const Impl> impl;
  if (const std::string error = builder.finish(impl); !error.empty())
    throwCorrupt(path, error);
  return ByteBpeTokenizer(std::move(impl));
}

ByteBpeTokenizer ByteBpeTokenizer::fromVocabMerges(const std::string &vocabJson, const std::string &mergesTxt,
                                                   const std::string &addedTokensJson) {
  ByteBpeBuilder builder;
  addVocab(builder, parseJson(vocabJson), vocabJson + ": ");

  const std::string merges = readTokenizerFile(mergesTxt);
  int lineNumber = 0;
  std::size_t pos = 0;
  while (pos < merges.size()) {
    std::size_t end = merges.find('\n', pos);
    if (end == std::string::npos)
      end = merges.size();
    std::string_view line(merges.data() + pos, end - pos);
    pos = end + 1;
    ++lineNumber;
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    if (line.empty() || (lineNumber == 1 && line.starts_with("#version")))
      continue;
    const std::string where = mergesTxt + ":" + std::to_string(lineNumber);
    std::string_view left, right;
    if (!splitMergeLine(line, left, right))
      throwCorrupt(where, "expected \"left right\", found " + quoteToken(line));
    addMerge(builder, left, right, where);
  }

  if (!addedTokensJson.empty()) {
    const Json added = parseJson(addedTokensJson);
    if (!added.is_object())
      throwCorrupt(addedTokensJson, "expected an object of token -> id");
    for (const auto &[text, value] : added.items()) {
      const std::string where = addedTokensJson + ": /" + pointerKey(text);
      if (const std::string error = builder.addSpecial(tokenIdValue(value, where), text); !error.empty())
        throwCorrupt(where, error);
    }
  }

  std::shared_ptr<const Impl> impl;
  if (const std::string error = builder.finish(impl); !error.empty())
    throwCorrupt(vocabJson, error);
  return ByteBpeTokenizer(std::move(impl));
}

} // namespace dragoman::torchrt
