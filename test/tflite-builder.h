// Test helper: writes small TensorFlow Lite models (FlatBuffers) so tests can
// exercise ops the shipped models lack and craft hostile files.
//
// Objects are laid out parent first (a uoffset must point forward), each
// table preceded by its vtable; alignment as FlatBuffers requires.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace tflite_builder {

struct Node;
using NodePtr = std::shared_ptr<Node>;

struct Field {
  int id;
  std::vector<uint8_t> scalar;  // little-endian bytes, empty for offsets
  NodePtr child;
};

struct Node {
  enum Kind { kTable, kScalarVector, kTableVector, kString } kind;
  std::vector<Field> fields;        // kTable
  std::vector<uint8_t> raw;         // kScalarVector / kString
  size_t element_size = 1;          // kScalarVector
  std::vector<NodePtr> elements;    // kTableVector
};

inline NodePtr Table() { auto n = std::make_shared<Node>(); n->kind = Node::kTable; return n; }

template <typename T>
inline NodePtr Scalar(NodePtr table, int id, T value) {
  Field f{id, std::vector<uint8_t>(sizeof(T)), nullptr};
  std::memcpy(f.scalar.data(), &value, sizeof(T));
  table->fields.push_back(f);
  return table;
}

inline NodePtr Child(NodePtr table, int id, NodePtr child) {
  table->fields.push_back(Field{id, {}, child});
  return table;
}

template <typename T>
inline NodePtr Vector(const std::vector<T>& values) {
  auto n = std::make_shared<Node>();
  n->kind = Node::kScalarVector;
  n->element_size = sizeof(T);
  n->raw.resize(values.size() * sizeof(T));
  if (!values.empty()) std::memcpy(n->raw.data(), values.data(), n->raw.size());
  return n;
}

inline NodePtr Bytes(const std::vector<uint8_t>& bytes) { return Vector<uint8_t>(bytes); }

inline NodePtr String(const std::string& s) {
  auto n = std::make_shared<Node>();
  n->kind = Node::kString;
  n->raw.assign(s.begin(), s.end());
  return n;
}

inline NodePtr Tables(const std::vector<NodePtr>& elements) {
  auto n = std::make_shared<Node>();
  n->kind = Node::kTableVector;
  n->elements = elements;
  return n;
}

class Writer {
 public:
  std::vector<uint8_t> Finish(NodePtr root, const char* identifier = "TFL3") {
    buf_.assign(8, 0);
    std::memcpy(buf_.data() + 4, identifier, 4);
    const size_t pos = Write(root);
    Patch32(0, static_cast<uint32_t>(pos));
    return buf_;
  }

 private:
  void Align(size_t a) { while (buf_.size() % a != 0) buf_.push_back(0); }
  void Patch32(size_t at, uint32_t v) { std::memcpy(buf_.data() + at, &v, 4); }
  void Put(const void* p, size_t n) {
    const uint8_t* b = static_cast<const uint8_t*>(p);
    buf_.insert(buf_.end(), b, b + n);
  }

  size_t Write(const NodePtr& n) {
    switch (n->kind) {
      case Node::kTable: return WriteTable(*n);
      case Node::kScalarVector:
      case Node::kString: {
        const size_t align = n->element_size > 4 ? n->element_size : 4;
        while ((buf_.size() + 4) % align != 0) buf_.push_back(0);
        const size_t pos = buf_.size();
        const uint32_t length = static_cast<uint32_t>(n->raw.size() / n->element_size);
        Put(&length, 4);
        Put(n->raw.data(), n->raw.size());
        if (n->kind == Node::kString) buf_.push_back(0);
        return pos;
      }
      case Node::kTableVector: {
        Align(4);
        const size_t pos = buf_.size();
        const uint32_t length = static_cast<uint32_t>(n->elements.size());
        Put(&length, 4);
        const size_t slots = buf_.size();
        buf_.resize(buf_.size() + 4 * n->elements.size());
        for (size_t i = 0; i < n->elements.size(); i++) {
          const size_t child = Write(n->elements[i]);
          Patch32(slots + 4 * i, static_cast<uint32_t>(child - (slots + 4 * i)));
        }
        return pos;
      }
    }
    return 0;
  }

  size_t WriteTable(const Node& t) {
    int max_id = -1;
    for (const Field& f : t.fields) max_id = f.id > max_id ? f.id : max_id;
    // Table layout: soffset, then fields each aligned to its size (8 max).
    std::vector<uint16_t> offsets(max_id + 1, 0);
    size_t size = 4;
    std::vector<size_t> field_pos(t.fields.size());
    for (size_t i = 0; i < t.fields.size(); i++) {
      const size_t s = t.fields[i].child ? 4 : t.fields[i].scalar.size();
      while (size % s != 0) size++;
      field_pos[i] = size;
      offsets[t.fields[i].id] = static_cast<uint16_t>(size);
      size += s;
    }
    Align(2);
    const size_t vtable = buf_.size();
    const uint16_t vtable_size = static_cast<uint16_t>(4 + 2 * offsets.size());
    const uint16_t table_size = static_cast<uint16_t>(size);
    Put(&vtable_size, 2);
    Put(&table_size, 2);
    for (uint16_t o : offsets) Put(&o, 2);
    Align(8);
    const size_t pos = buf_.size();
    const int32_t soffset = static_cast<int32_t>(pos - vtable);
    buf_.resize(pos + size, 0);
    std::memcpy(buf_.data() + pos, &soffset, 4);
    for (size_t i = 0; i < t.fields.size(); i++) {
      if (!t.fields[i].child) {
        std::memcpy(buf_.data() + pos + field_pos[i], t.fields[i].scalar.data(),
                    t.fields[i].scalar.size());
      }
    }
    for (size_t i = 0; i < t.fields.size(); i++) {
      if (t.fields[i].child) {
        const size_t child = Write(t.fields[i].child);
        Patch32(pos + field_pos[i], static_cast<uint32_t>(child - (pos + field_pos[i])));
      }
    }
    return pos;
  }

  std::vector<uint8_t> buf_;
};

// ---- TFLite model description ----

enum : int8_t { kFloat32 = 0, kInt32 = 2, kUInt8 = 3, kInt64 = 4, kInt8 = 9 };

struct TensorSpec {
  std::vector<int32_t> shape;
  int8_t type = kInt8;
  std::vector<uint8_t> data;       // empty: computed tensor
  std::vector<float> scales;       // empty: not quantized
  std::vector<int64_t> zero_points;
  int32_t quantized_dimension = 0;
  std::string name = "t";
};

struct OpSpec {
  int32_t opcode;
  std::vector<int32_t> inputs, outputs;
  uint8_t options_type = 0;
  NodePtr options;                 // nullptr: none
  std::string custom_code;         // CUSTOM (32) ops: their name
  std::vector<uint8_t> custom_options;  // CUSTOM ops: FlexBuffers bytes, empty: none
};

struct ModelSpec {
  std::vector<TensorSpec> tensors;
  std::vector<OpSpec> ops;
  std::vector<int32_t> inputs, outputs;
};

template <typename T>
std::vector<uint8_t> Raw(const std::vector<T>& values) {
  std::vector<uint8_t> r(values.size() * sizeof(T));
  if (!values.empty()) std::memcpy(r.data(), values.data(), r.size());
  return r;
}

inline std::vector<uint8_t> Build(const ModelSpec& m) {
  std::vector<NodePtr> buffers{Table()};  // buffer 0: empty sentinel
  std::vector<NodePtr> tensors;
  for (const TensorSpec& t : m.tensors) {
    NodePtr tt = Table();
    Child(tt, 0, Vector(t.shape));
    Scalar<int8_t>(tt, 1, t.type);
    if (!t.data.empty()) {
      Scalar<uint32_t>(tt, 2, static_cast<uint32_t>(buffers.size()));
      buffers.push_back(Child(Table(), 0, Bytes(t.data)));
    }
    Child(tt, 3, String(t.name));
    if (!t.scales.empty()) {
      NodePtr q = Table();
      Child(q, 2, Vector(t.scales));
      Child(q, 3, Vector(t.zero_points));
      Scalar<int32_t>(q, 6, t.quantized_dimension);
      Child(tt, 4, q);
    }
    tensors.push_back(tt);
  }
  std::vector<int32_t> codes;
  std::vector<std::string> custom_codes;
  std::vector<NodePtr> ops;
  for (const OpSpec& op : m.ops) {
    size_t index = 0;
    while (index < codes.size() && (codes[index] != op.opcode || custom_codes[index] != op.custom_code)) index++;
    if (index == codes.size()) {
      codes.push_back(op.opcode);
      custom_codes.push_back(op.custom_code);
    }
    NodePtr o = Table();
    Scalar<uint32_t>(o, 0, static_cast<uint32_t>(index));
    Child(o, 1, Vector(op.inputs));
    Child(o, 2, Vector(op.outputs));
    if (op.options) {
      Scalar<uint8_t>(o, 3, op.options_type);
      Child(o, 4, op.options);
    }
    if (!op.custom_options.empty()) Child(o, 5, Bytes(op.custom_options));
    ops.push_back(o);
  }
  std::vector<NodePtr> code_tables;
  for (size_t i = 0; i < codes.size(); i++) {
    const int32_t c = codes[i];
    NodePtr ct = Table();
    Scalar<int8_t>(ct, 0, static_cast<int8_t>(c < 127 ? c : 127));
    if (!custom_codes[i].empty()) Child(ct, 1, String(custom_codes[i]));
    Scalar<int32_t>(ct, 3, c);
    code_tables.push_back(ct);
  }
  NodePtr subgraph = Table();
  Child(subgraph, 0, Tables(tensors));
  Child(subgraph, 1, Vector(m.inputs));
  Child(subgraph, 2, Vector(m.outputs));
  Child(subgraph, 3, Tables(ops));
  NodePtr model = Table();
  Scalar<uint32_t>(model, 0, 3);
  Child(model, 1, Tables(code_tables));
  Child(model, 2, Tables({subgraph}));
  Child(model, 4, Tables(buffers));
  return Writer().Finish(model);
}

}  // namespace tflite_builder
