package org.dinoscope.model.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the restricted unpickler makes of the globals ({@code module.name}) a pickle mentions, and of calling them.
 *
 * <p>Python's unpickler imports every global a pickle names and calls it with arguments of the file's choosing;
 * that is how a checkpoint from an untrusted source can run code ({@code os.system}, {@code builtins.eval}, ...).
 * This class never loads a class and never calls anything (no {@code Class.forName}, no reflection). A global is
 * one of:
 * <ul>
 * <li>a function this reader imitates in Java, because state dicts are built from it: the tensor and parameter
 * rebuild functions of {@code torch._utils} and {@code torch._tensor}, {@code collections.OrderedDict},
 * {@code builtins.set} and the other container types, {@code _codecs.encode}, {@code torch.Size} and
 * {@code copyreg._reconstructor};</li>
 * <li>a storage type or dtype ({@code torch.FloatStorage}, {@code torch.float16}, {@code torch.UntypedStorage},
 * ...), which only tells the element type of a storage;</li>
 * <li>a global from a module that only serves to run code or touch the system ({@code os}, {@code subprocess},
 * {@code builtins.eval}, ...): a checkpoint never needs one, so its presence means the file was crafted, and
 * reading stops at once with a {@link CheckpointException};</li>
 * <li>anything else ({@code argparse.Namespace}, optimizer classes, numpy scalars, modules pickled whole): an inert
 * {@link Placeholder}.</li>
 * </ul>
 */
final class PickleGlobals {

    /** Modules (and their submodules) whose globals can run code or reach the system. */
    private static final Set<String> FORBIDDEN_MODULES = Set.of(
            "os", "posix", "nt", "posixpath", "ntpath", "subprocess", "_posixsubprocess", "sys", "shutil",
            "socket", "_socket", "ssl", "importlib", "imp", "zipimport", "pkgutil", "pickle", "_pickle", "cPickle",
            "marshal", "runpy", "code", "codeop", "pty", "tty", "ctypes", "_ctypes", "cffi", "multiprocessing",
            "threading", "_thread", "concurrent", "asyncio", "signal", "types", "operator", "_operator",
            "webbrowser", "pdb", "bdb", "timeit", "trace", "profile", "cProfile", "commands", "popen2", "platform",
            "tempfile", "fcntl", "resource", "inspect", "dill", "cloudpickle", "joblib", "http", "urllib",
            "urllib2", "ftplib", "smtplib", "telnetlib", "xmlrpc", "requests", "builtins", "__builtin__");

    /** Exceptions inside forbidden modules: plain data holders. */
    private static final Set<String> HARMLESS = Set.of(
            "builtins.set", "builtins.frozenset", "builtins.list", "builtins.dict", "builtins.tuple",
            "builtins.bytearray", "builtins.bytes", "builtins.str", "builtins.int", "builtins.float",
            "builtins.bool", "builtins.complex", "builtins.slice", "builtins.range", "builtins.object",
            "builtins.Ellipsis", "builtins.NotImplemented", "types.SimpleNamespace");

    /**
     * Attribute names that mean running or loading code wherever they come from; protocol 4 lets a global's name
     * be a dotted path ({@code torch} + {@code serialization.os.system}), so every part of the name is checked.
     */
    private static final Set<String> FORBIDDEN_NAMES = Set.of(
            "eval", "exec", "execfile", "compile", "getattr", "setattr", "delattr", "open", "system", "popen",
            "spawn", "fork", "execv", "execve", "execl", "execvp", "check_call", "check_output", "Popen", "input",
            "breakpoint", "globals", "locals", "vars", "load", "loads", "import_module", "reload",
            "__import__", "__builtins__", "__globals__", "__subclasses__", "__getattribute__", "__code__");

    /** Functions imitated in Java. */
    enum Function {
        REBUILD_TENSOR, REBUILD_TENSOR_V2, REBUILD_TENSOR_V3, REBUILD_PARAMETER, REBUILD_PARAMETER_WITH_STATE,
        REBUILD_FROM_TYPE, REBUILD_FROM_TYPE_V2, ORDERED_DICT, DICT, LIST, TUPLE, SET, FROZENSET, BYTEARRAY,
        CODECS_ENCODE, TORCH_SIZE, RECONSTRUCTOR
    }

    /** A storage class or dtype global: the element type it stands for ({@code null} when unsupported). */
    static final class TorchType {
        final String qualifiedName;
        final StorageDtype dtype;
        final boolean untyped;

        TorchType(String qualifiedName, StorageDtype dtype, boolean untyped) {
            this.qualifiedName = qualifiedName;
            this.dtype = dtype;
            this.untyped = untyped;
        }

        @Override
        public String toString() {
            return qualifiedName;
        }
    }

    private static final Map<String, Function> FUNCTIONS = new LinkedHashMap<>();
    private static final Map<String, StorageDtype> STORAGE_TYPES = new LinkedHashMap<>();
    private static final Map<String, StorageDtype> DTYPES = new LinkedHashMap<>();

    static {
        FUNCTIONS.put("torch._utils._rebuild_tensor", Function.REBUILD_TENSOR);
        FUNCTIONS.put("torch._utils._rebuild_tensor_v2", Function.REBUILD_TENSOR_V2);
        FUNCTIONS.put("torch._utils._rebuild_tensor_v3", Function.REBUILD_TENSOR_V3);
        FUNCTIONS.put("torch._utils._rebuild_parameter", Function.REBUILD_PARAMETER);
        FUNCTIONS.put("torch._utils._rebuild_parameter_with_state", Function.REBUILD_PARAMETER_WITH_STATE);
        FUNCTIONS.put("torch._tensor._rebuild_from_type", Function.REBUILD_FROM_TYPE);
        FUNCTIONS.put("torch._tensor._rebuild_from_type_v2", Function.REBUILD_FROM_TYPE_V2);
        FUNCTIONS.put("collections.OrderedDict", Function.ORDERED_DICT);
        FUNCTIONS.put("collections.defaultdict", Function.DICT);
        FUNCTIONS.put("torch.Size", Function.TORCH_SIZE);
        FUNCTIONS.put("_codecs.encode", Function.CODECS_ENCODE);
        FUNCTIONS.put("codecs.encode", Function.CODECS_ENCODE);
        for (String c : List.of("copyreg", "copy_reg")) {
            FUNCTIONS.put(c + "._reconstructor", Function.RECONSTRUCTOR);
            FUNCTIONS.put(c + ".__newobj__", Function.RECONSTRUCTOR);
        }
        for (String b : List.of("builtins", "__builtin__")) {
            FUNCTIONS.put(b + ".dict", Function.DICT);
            FUNCTIONS.put(b + ".list", Function.LIST);
            FUNCTIONS.put(b + ".tuple", Function.TUPLE);
            FUNCTIONS.put(b + ".set", Function.SET);
            FUNCTIONS.put(b + ".frozenset", Function.FROZENSET);
            FUNCTIONS.put(b + ".bytearray", Function.BYTEARRAY);
        }
        Object[][] storages = {
            {"Float", StorageDtype.F32}, {"Half", StorageDtype.F16}, {"BFloat16", StorageDtype.BF16},
            {"Double", StorageDtype.F64}, {"Long", StorageDtype.I64}, {"Int", StorageDtype.I32},
            {"Short", StorageDtype.I16}, {"Char", StorageDtype.I8}, {"Byte", StorageDtype.U8},
            {"Bool", StorageDtype.BOOL},
        };
        for (Object[] s : storages) {
            STORAGE_TYPES.put("torch." + s[0] + "Storage", (StorageDtype) s[1]);
            STORAGE_TYPES.put("torch.cuda." + s[0] + "Storage", (StorageDtype) s[1]);
        }
        Object[][] dtypes = {
            {"float32", StorageDtype.F32}, {"float", StorageDtype.F32}, {"float16", StorageDtype.F16},
            {"half", StorageDtype.F16}, {"bfloat16", StorageDtype.BF16}, {"float64", StorageDtype.F64},
            {"double", StorageDtype.F64}, {"int64", StorageDtype.I64}, {"long", StorageDtype.I64},
            {"int32", StorageDtype.I32}, {"int", StorageDtype.I32}, {"int16", StorageDtype.I16},
            {"short", StorageDtype.I16}, {"int8", StorageDtype.I8}, {"uint8", StorageDtype.U8},
            {"bool", StorageDtype.BOOL},
        };
        for (Object[] d : dtypes) {
            DTYPES.put("torch." + d[0], (StorageDtype) d[1]);
        }
    }

    private PickleGlobals() {
    }

    /**
     * What the global {@code module.name} stands for; refuses globals that could run code.
     *
     * @param file the checkpoint, for the message
     */
    static Object resolve(String module, String name, String file) throws CheckpointException {
        String qualified = module + "." + name;
        if (isForbidden(module, name)) {
            throw new CheckpointException("refusing checkpoint " + file + ": its pickle references " + qualified
                    + ", which could run code; a checkpoint never needs it");
        }
        Function f = FUNCTIONS.get(qualified);
        if (f != null) {
            return f;
        }
        StorageDtype storage = STORAGE_TYPES.get(qualified);
        if (storage != null) {
            return new TorchType(qualified, storage, false);
        }
        StorageDtype dtype = DTYPES.get(qualified);
        if (dtype != null) {
            return new TorchType(qualified, dtype, false);
        }
        if (qualified.equals("torch.UntypedStorage") || qualified.equals("torch.storage.UntypedStorage")
                || qualified.equals("torch.storage._UntypedStorage")) {
            return new TorchType(qualified, StorageDtype.U8, true);
        }
        if (module.equals("torch") && name.endsWith("Storage") || module.equals("torch.cuda")
                && name.endsWith("Storage")) {
            return new TorchType(qualified, null, false); // complex, quantized, ...: refused when read
        }
        return Placeholder.forGlobal(module, name);
    }

    /**
     * The result of calling {@code callable(*args)} (REDUCE, NEWOBJ, OBJ, INST), computed without running any
     * Python: imitated functions build Java values, placeholders yield placeholders.
     */
    static Object call(Object callable, List<Object> args, String where) throws CheckpointException {
        if (callable instanceof Placeholder) {
            return ((Placeholder) callable).call(args);
        }
        if (callable instanceof TorchType) {
            return Placeholder.forGlobal("torch", ((TorchType) callable).qualifiedName).call(args);
        }
        if (!(callable instanceof Function)) {
            throw new CheckpointException(where + ": malformed pickle: calls a " + Values.typeName(callable)
                    + ", which is not callable");
        }
        switch ((Function) callable) {
            case REBUILD_TENSOR:
                return TorchTensor.rebuild(args, 4, null, where);
            case REBUILD_TENSOR_V2:
                return TorchTensor.rebuild(args, 6, null, where);
            case REBUILD_TENSOR_V3: {
                Object dtype = arg(args, 6, where, "_rebuild_tensor_v3");
                if (!(dtype instanceof TorchType)) {
                    throw new CheckpointException(where + ": _rebuild_tensor_v3 got " + Values.typeName(dtype)
                            + " instead of a dtype");
                }
                return TorchTensor.rebuild(args, 7, (TorchType) dtype, where);
            }
            case REBUILD_PARAMETER:
            case REBUILD_PARAMETER_WITH_STATE:
                return arg(args, 0, where, "_rebuild_parameter");
            case REBUILD_FROM_TYPE:
            case REBUILD_FROM_TYPE_V2: {
                Object func = arg(args, 0, where, "_rebuild_from_type");
                Object inner = arg(args, 2, where, "_rebuild_from_type");
                if (!(inner instanceof List)) {
                    throw new CheckpointException(where + ": _rebuild_from_type got no argument tuple");
                }
                @SuppressWarnings("unchecked")
                List<Object> innerArgs = (List<Object>) inner;
                return call(func, innerArgs, where);
            }
            case ORDERED_DICT:
            case DICT:
                return dictFrom(args, where);
            case LIST:
                return new ArrayList<>(iterableArg(args, where));
            case TUPLE:
            case TORCH_SIZE:
                return Values.tuple(new ArrayList<>(iterableArg(args, where)));
            case SET:
            case FROZENSET: {
                Set<Object> set = new LinkedHashSet<>();
                for (Object o : iterableArg(args, where)) {
                    set.add(Values.hashable(o, where));
                }
                return set;
            }
            case BYTEARRAY:
            case CODECS_ENCODE:
                return encode(args);
            case RECONSTRUCTOR: {
                // copyreg._reconstructor(cls, base, state) and copyreg.__newobj__(cls, *args) make an instance
                Object cls = arg(args, 0, where, "copyreg._reconstructor");
                if (cls instanceof Placeholder) {
                    return ((Placeholder) cls).call(new ArrayList<>(args.subList(1, args.size())));
                }
                return Placeholder.forGlobal("copyreg", "_reconstructor").call(args);
            }
            default:
                throw new AssertionError(callable);
        }
    }

    private static Object arg(List<Object> args, int i, String where, String what) throws CheckpointException {
        if (args == null || args.size() <= i) {
            throw new CheckpointException(where + ": " + what + " called with too few arguments");
        }
        return args.get(i);
    }

    private static Collection<Object> iterableArg(List<Object> args, String where) throws CheckpointException {
        if (args == null || args.isEmpty() || args.get(0) == null) {
            return Collections.emptyList();
        }
        Object a = args.get(0);
        if (a instanceof Collection) {
            @SuppressWarnings("unchecked")
            Collection<Object> c = (Collection<Object>) a;
            return c;
        }
        if (a instanceof Map) {
            @SuppressWarnings("unchecked")
            Collection<Object> keys = ((Map<Object, Object>) a).keySet();
            return keys;
        }
        throw new CheckpointException(where + ": cannot iterate over a " + Values.typeName(a));
    }

    /** {@code OrderedDict()} / {@code OrderedDict([(k, v), ...])}; items usually follow through SETITEMS. */
    private static Map<Object, Object> dictFrom(List<Object> args, String where) throws CheckpointException {
        Map<Object, Object> map = new LinkedHashMap<>();
        if (args == null || args.isEmpty() || !(args.get(0) instanceof Collection)) {
            if (args != null && !args.isEmpty() && args.get(0) instanceof Map) {
                @SuppressWarnings("unchecked")
                Map<Object, Object> m = (Map<Object, Object>) args.get(0);
                map.putAll(m);
            }
            return map; // defaultdict(factory): the factory is irrelevant here
        }
        for (Object pair : (Collection<?>) args.get(0)) {
            if (!(pair instanceof List) || ((List<?>) pair).size() != 2) {
                throw new CheckpointException(where + ": malformed dict item " + Values.typeName(pair));
            }
            List<?> kv = (List<?>) pair;
            map.put(Values.hashable(kv.get(0), where), kv.get(1));
        }
        return map;
    }

    /** {@code _codecs.encode(text, 'latin1')}: how protocol-2 pickles written by Python 3 carry bytes. */
    private static Object encode(List<Object> args) {
        if (args == null || args.isEmpty()) {
            return new byte[0];
        }
        Object text = args.get(0);
        if (text instanceof byte[]) {
            return ((byte[]) text).clone();
        }
        if (!(text instanceof String)) {
            return Placeholder.forGlobal("_codecs", "encode").call(args);
        }
        String enc = args.size() > 1 && args.get(1) instanceof String ? (String) args.get(1) : "utf-8";
        String e = enc.toLowerCase().replace("-", "").replace("_", "");
        if (e.equals("latin1") || e.equals("iso88591")) {
            return ((String) text).getBytes(StandardCharsets.ISO_8859_1);
        }
        return ((String) text).getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the global {@code module.name} is one a crafted file would use to run code. */
    static boolean isForbidden(String module, String name) {
        String canonical = module.equals("__builtin__") ? "builtins" : module;
        if (HARMLESS.contains(canonical + "." + name)) {
            return false;
        }
        int dot = module.indexOf('.');
        if (FORBIDDEN_MODULES.contains(dot < 0 ? module : module.substring(0, dot))) {
            return true;
        }
        for (String part : name.split("\\.", -1)) {
            if (FORBIDDEN_MODULES.contains(part) || FORBIDDEN_NAMES.contains(part)) {
                return true;
            }
        }
        return false;
    }
}
