"""Infers the example fields a set of promptsource templates uses, by walking their Jinja2 ASTs.

For every top-level (undeclared) variable the walk records a Shape: whether it is used as a string, a
number, a list (iterated, indexed by int, filtered by join/length/...) or a dict (attribute or string-key
access), recursively for list elements and dict keys, plus the constants it is compared with and the largest
constant index it is read at. make_examples.py turns shapes into plausible values.
"""
from jinja2 import Environment, nodes

STR_METHODS = {"split", "lower", "upper", "strip", "lstrip", "rstrip", "replace", "startswith", "endswith",
               "capitalize", "title", "isdigit", "find", "rsplit", "splitlines", "count", "format", "encode"}
LIST_METHODS = {"append", "pop", "extend", "insert", "remove", "sort", "reverse"}
DICT_METHODS = {"keys", "items", "values", "update", "get"}
STR_FILTERS = {"lower", "upper", "capitalize", "trim", "replace", "title", "wordcount", "truncate", "wordwrap",
               "center", "striptags", "urlize", "indent"}
LIST_FILTERS = {"join", "first", "last", "list", "choice", "random", "map", "select", "reject", "selectattr",
                "rejectattr", "unique", "sort", "min", "max", "most_frequent", "sum", "batch", "slice", "groupby"}
NUM_FILTERS = {"int", "float", "round", "abs"}


class Shape:
    def __init__(self):
        self.kinds = set()      # 'str', 'int', 'float', 'bool', 'list', 'dict'
        self.elem = None        # Shape of list elements
        self.keys = {}          # dict key -> Shape
        self.consts = []        # constants compared with / membership-tested against
        self.max_index = -1     # largest constant int index read
        self.used_as_index = False
        self.index_of = False   # receiver of list.index(...)
        self.strong_list = False  # iterated, joined, filtered as a list or mutated: certainly a list

    def element(self):
        self.kinds.add("list")
        if self.elem is None:
            self.elem = Shape()
        return self.elem

    def key(self, k):
        self.kinds.add("dict")
        return self.keys.setdefault(k, Shape())

    def to_json(self):
        d = {"kinds": sorted(self.kinds)}
        if self.elem is not None:
            d["elem"] = self.elem.to_json()
        if self.keys:
            d["keys"] = {k: v.to_json() for k, v in self.keys.items()}
        if self.consts:
            d["consts"] = sorted({repr(c) for c in self.consts})
        if self.max_index >= 0:
            d["max_index"] = self.max_index
        if self.used_as_index:
            d["used_as_index"] = True
        return d


class Inferrer:
    def __init__(self):
        self.roots = {}
        self.static_choices = None

    def root(self, name):
        return self.roots.setdefault(name, Shape())

    # -- resolve an expression to the Shape it denotes (None when it is not rooted in the example) --
    def shape_of(self, node, scope):
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in ("answer_choices", "range", "zip", "namespace", "loop", "dict", "true", "false", "none"):
                return None
            return self.root(node.name)
        if isinstance(node, nodes.Getattr):
            base = self.shape_of(node.node, scope)
            if base is None:
                return None
            if node.attr.isdigit():
                base.max_index = max(base.max_index, int(node.attr))
                return base.element()
            return base.key(node.attr)
        if isinstance(node, nodes.Getitem):
            base = self.shape_of(node.node, scope)
            arg = node.arg
            if base is None or isinstance(arg, nodes.Slice):
                self.visit(arg, scope)
            if base is None:
                return None
            if isinstance(arg, nodes.Slice):
                base.kinds.add("sliced")
                return None
            if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                return base.key(arg.value)
            if isinstance(arg, nodes.Const) and isinstance(arg.value, int):
                base.max_index = max(base.max_index, arg.value)
                return base.element()
            if isinstance(arg, nodes.Neg):
                return base.element()
            idx = self.shape_of(arg, scope) if not isinstance(arg, nodes.Const) else None
            if idx is not None:
                idx.used_as_index = True
                idx.kinds.add("int")
            return base.element()
        if isinstance(node, nodes.Filter) and node.name in ("list", "default", "string") and node.node is not None:
            return self.shape_of(node.node, scope)
        self.visit(node, scope)  # not a path into the example: still walk it for hints
        return None

    def hint(self, node, scope, kind):
        s = self.shape_of(node, scope)
        if s is not None:
            s.kinds.add(kind)
            if kind == "list":
                s.strong_list = True
        return s

    # -- statements and expressions --
    def visit(self, node, scope):
        if node is None:
            return
        if isinstance(node, list):
            for n in node:
                self.visit(n, scope)
            return
        m = getattr(self, "visit_" + ("BinExpr" if isinstance(node, nodes.BinExpr) else type(node).__name__), None)
        if m is not None:
            m(node, scope)
        else:
            for child in node.iter_child_nodes():
                self.visit(child, scope)

    def visit_Template(self, node, scope):
        self.visit(node.body, scope)

    def visit_Name(self, node, scope):
        self.shape_of(node, scope)

    def visit_Getattr(self, node, scope):
        self.shape_of(node, scope)

    def visit_Getitem(self, node, scope):
        self.shape_of(node, scope)

    def bind(self, target, shape, scope):
        if isinstance(target, nodes.Name):
            scope[target.name] = shape if shape is not None else Shape()
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, None, scope)

    def visit_Assign(self, node, scope):
        self.visit(node.node, scope)
        if isinstance(node.target, nodes.Name):
            scope[node.target.name] = self.shape_of(node.node, scope) or Shape()

    def visit_For(self, node, scope):
        inner = dict(scope)
        it = node.iter
        if isinstance(it, nodes.Call) and isinstance(it.node, nodes.Name) and it.node.name == "zip":
            shapes = [self.shape_of(a, scope) for a in it.args]
            items = node.target.items if isinstance(node.target, nodes.Tuple) else []
            for i, tgt in enumerate(items):
                s = shapes[i] if i < len(shapes) else None
                self.bind(tgt, s.element() if s is not None else None, inner)
            for a in it.args:
                self.visit(a, scope)
        elif isinstance(it, nodes.Call) and isinstance(it.node, nodes.Getattr) and it.node.attr == "items":
            self.hint(it.node.node, scope, "dict")
            self.bind(node.target, None, inner)
        else:
            s = self.shape_of(it, scope)
            if s is not None:
                s.strong_list = True
            self.bind(node.target, s.element() if s is not None else None, inner)
        self.visit(node.test, inner)
        self.visit(node.body, inner)
        self.visit(node.else_, scope)

    def visit_Call(self, node, scope):
        if isinstance(node.node, nodes.Getattr):
            attr = node.node.attr
            recv = node.node.node
            if attr in STR_METHODS:
                self.hint(recv, scope, "str")
            elif attr in LIST_METHODS:
                self.hint(recv, scope, "list")
            elif attr == "index" and node.args and isinstance(node.args[0], nodes.Const) \
                    and isinstance(node.args[0].value, str):
                s = self.hint(recv, scope, "str")  # str.index(substring): the text must contain it
                if s is not None:
                    s.consts.append(("contains", node.args[0].value))
            elif attr == "index" and isinstance(recv, nodes.Name) and recv.name == "answer_choices":
                a = self.shape_of(node.args[0], scope) if node.args else None
                if a is not None and self.static_choices:
                    a.consts.extend(self.static_choices)
            elif attr == "index":
                s = self.hint(recv, scope, "list")
                if s is not None and node.args:
                    s.index_of = True
                    arg = node.args[0]
                    a = self.shape_of(arg, scope)
                    if a is not None:
                        a.consts.append(("member_of", id(s)))
            elif attr in DICT_METHODS:
                self.hint(recv, scope, "dict")
            elif attr == "join" and node.args:
                s = self.hint(node.args[0], scope, "list")
                if s is not None:
                    s.element().kinds.add("str")
            else:
                self.shape_of(recv, scope)
        else:
            self.visit(node.node, scope)
        self.visit(node.args, scope)
        for kw in node.kwargs:
            self.visit(kw.value, scope)

    def visit_Filter(self, node, scope):
        if node.node is not None:
            if node.name in STR_FILTERS:
                self.hint(node.node, scope, "str")
            elif node.name in LIST_FILTERS:
                s = self.hint(node.node, scope, "list")
                if s is not None and node.name == "map":
                    for kw in node.kwargs:
                        if kw.key == "attribute" and isinstance(kw.value, nodes.Const):
                            s.element().key(kw.value.value)
                if s is not None and node.name in ("selectattr", "rejectattr") and node.args \
                        and isinstance(node.args[0], nodes.Const):
                    s.element().key(node.args[0].value)
            elif node.name in NUM_FILTERS:
                self.hint(node.node, scope, "num")
            elif node.name == "length":
                self.hint(node.node, scope, "sized")
            else:
                self.visit(node.node, scope)
        self.visit(node.args, scope)
        for kw in node.kwargs:
            self.visit(kw.value, scope)

    def visit_Compare(self, node, scope):
        operands = [node.expr] + [op.expr for op in node.ops]
        shapes = [self.shape_of(o, scope) for o in operands]
        for i, op in enumerate(node.ops):
            left, right = operands[i], operands[i + 1]
            ls, rs = shapes[i], shapes[i + 1]
            if op.op in ("in", "notin"):
                if ls is not None and isinstance(right, (nodes.List, nodes.Tuple)):
                    ls.consts.extend(c.value for c in right.items if isinstance(c, nodes.Const))
                continue
            for s, other in ((ls, right), (rs, left)):
                if s is not None and isinstance(other, nodes.Const) and other.value is not None:
                    s.consts.append(other.value)
                    s.kinds.add({bool: "bool", int: "int", float: "float", str: "str"}.get(type(other.value), "str"))
                if s is not None and isinstance(other, nodes.Neg) and isinstance(other.node, nodes.Const):
                    s.consts.append(-other.node.value)
                    s.kinds.add("int")

    def visit_BinExpr(self, node, scope):
        for a, b in ((node.left, node.right), (node.right, node.left)):
            s = self.shape_of(a, scope)
            if s is None:
                pass
            elif isinstance(b, nodes.Const):
                s.kinds.add("str" if isinstance(b.value, str) and node.operator == "add" else "num")
            elif node.operator in ("sub", "div", "mod", "mul", "floordiv", "pow"):
                s.kinds.add("num")


def infer(sources):
    """sources: Jinja strings, or (jinja, answer_choices) pairs so that answer_choices.index(x) can use static choices."""
    env = Environment()
    inf = Inferrer()
    for src in sources:
        jinja, choices = src if isinstance(src, tuple) else (src, None)
        inf.static_choices = [c.strip() for c in choices.split("|||")] if choices and "{" not in choices else None
        inf.visit(env.parse(jinja), {})
    return inf.roots
