package org.dinoscope.model.checkpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the network's weights inside what a checkpoint file holds, for the layouts in use:
 * <ul>
 * <li>a plain state dict, tensors at the top level (DINO's ImageNet release, safetensors files);</li>
 * <li>a DINO training checkpoint ({@code main_dino.py}): top-level {@code teacher} and/or {@code student}
 * state dicts, the teacher preferred (the paper evaluates the teacher); prefixes {@code module.} (DDP) and
 * {@code backbone.} are removed, in either order, and the projection head {@code head.*} is left out;</li>
 * <li>{@code model} or {@code state_dict} wrappers (MAE, timm), also nested one level
 * ({@code {'model': {'state_dict': ...}}}); the prefix {@code module.} is removed.</li>
 * </ul>
 * Everything not taken (other top-level entries such as {@code optimizer}, {@code epoch}, {@code args};
 * non-tensor values; heads) is listed, readable, in {@link Resolved#ignored}.
 */
final class CheckpointLayout {
    private static final List<String> WRAPPERS = List.of("model", "state_dict");
    private static final int MAX_WRAPPER_DEPTH = 2;

    /** The chosen tensors (not read yet) and what was left out. */
    static final class Resolved {
        final String layout;
        final Map<String, LazyTensor> tensors;
        final List<String> ignored;

        Resolved(String layout, Map<String, LazyTensor> tensors, List<String> ignored) {
            this.layout = layout;
            this.tensors = tensors;
            this.ignored = ignored;
        }
    }

    private CheckpointLayout() {
    }

    /** The layout of an unpickled {@code torch.save} object. */
    static Resolved ofTorch(Object root, String file, boolean torchScript) throws CheckpointException {
        if (torchScript) {
            throw new CheckpointException(file + " is a TorchScript archive (torch.jit.save), not a checkpoint of "
                    + "weights; save the module's state_dict() with torch.save instead");
        }
        if (root instanceof Placeholder) {
            throw new CheckpointException(file + " holds a pickled Python object ("
                    + ((Placeholder) root).qualifiedName() + "), not a state dict; save model.state_dict() "
                    + "with torch.save instead");
        }
        if (root instanceof LazyTensor) {
            throw new CheckpointException(file + " holds a single tensor, not a state dict of named tensors");
        }
        if (!(root instanceof Map)) {
            throw new CheckpointException(file + " holds a " + Values.typeName(root) + ", not a state dict");
        }
        @SuppressWarnings("unchecked")
        Map<Object, Object> top = (Map<Object, Object>) root;
        Resolved r = dino(top, file);
        if (r == null) {
            r = wrapped(top, file);
        }
        if (r.tensors.isEmpty()) {
            throw new CheckpointException(file + " contains no tensors (top-level entries: "
                    + keyList(top) + ")");
        }
        return r;
    }

    /** The layout of a safetensors file: a plain state dict. */
    static Resolved ofSafetensors(Map<String, Object> entries, String file) throws CheckpointException {
        Resolved training = dinoSafetensors(entries, file);
        if (training != null) {
            return training;
        }
        Map<String, LazyTensor> tensors = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        collect(new LinkedHashMap<>(entries), "", false, file, tensors, ignored);
        if (tensors.isEmpty()) {
            throw new CheckpointException(file + " contains no tensors");
        }
        return new Resolved("safetensors state dict", tensors, ignored);
    }

    /**
     * A DINO training checkpoint flattened into safetensors (DINOscope's trainer writes them): names
     * {@code teacher.backbone.*}, {@code student.module.backbone.*}, {@code optimizer.*}... are regrouped by
     * their first component and read like the {@code torch.save} layout.
     */
    private static Resolved dinoSafetensors(Map<String, Object> entries, String file) throws CheckpointException {
        boolean training = entries.keySet().stream().anyMatch(k -> k.startsWith("teacher.") || k.startsWith("student."));
        if (!training) {
            return null;
        }
        Map<Object, Object> top = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            String k = e.getKey();
            int dot = k.indexOf('.');
            if (dot < 0) {
                top.put(k, e.getValue());
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<Object, Object> section = (Map<Object, Object>) top.computeIfAbsent(k.substring(0, dot),
                    x -> new LinkedHashMap<>());
            section.put(k.substring(dot + 1), e.getValue());
        }
        return dino(top, file);
    }

    private static Resolved dino(Map<Object, Object> top, String file) throws CheckpointException {
        String section = hasTensors(top.get("teacher")) ? "teacher"
                : hasTensors(top.get("student")) ? "student" : null;
        if (section == null) {
            return null;
        }
        Map<String, LazyTensor> tensors = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        @SuppressWarnings("unchecked")
        Map<Object, Object> sd = (Map<Object, Object>) top.get(section);
        collect(sd, section + ".", true, file, tensors, ignored);
        for (Map.Entry<Object, Object> e : top.entrySet()) {
            if (!section.equals(e.getKey())) {
                String note = "student".equals(e.getKey()) ? "; the teacher is used" : "";
                ignored.add(keyName(e.getKey()) + " (" + Values.describe(e.getValue()) + note + ")");
            }
        }
        return new Resolved("DINO training checkpoint (" + section + ")", tensors, ignored);
    }

    private static Resolved wrapped(Map<Object, Object> top, String file) throws CheckpointException {
        List<String> layout = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        Map<Object, Object> current = top;
        String path = "";
        for (int depth = 0; depth < MAX_WRAPPER_DEPTH; depth++) {
            String key = null;
            for (String w : WRAPPERS) {
                Object v = current.get(w);
                if (hasTensors(v) || depth + 1 < MAX_WRAPPER_DEPTH && v instanceof Map
                        && wrapsTensors((Map<?, ?>) v)) {
                    key = w;
                    break;
                }
                if (v instanceof Placeholder && !hasTensors(current)) {
                    throw new CheckpointException(file + ": entry '" + path + w + "' holds a pickled Python "
                            + "object (" + ((Placeholder) v).qualifiedName() + "), not a state dict; save "
                            + "model.state_dict() with torch.save instead");
                }
            }
            if (key == null) {
                break;
            }
            for (Map.Entry<Object, Object> e : current.entrySet()) {
                if (!key.equals(e.getKey())) {
                    ignored.add(path + keyName(e.getKey()) + " (" + Values.describe(e.getValue()) + ")");
                }
            }
            layout.add("'" + key + "' wrapper");
            @SuppressWarnings("unchecked")
            Map<Object, Object> inner = (Map<Object, Object>) current.get(key);
            current = inner;
            path += key + ".";
        }
        Map<String, LazyTensor> tensors = new LinkedHashMap<>();
        collect(current, path, false, file, tensors, ignored);
        return new Resolved(layout.isEmpty() ? "plain state dict" : String.join(" / ", layout), tensors, ignored);
    }

    /**
     * Takes the tensors of one state dict, removing prefixes; non-tensor values (and, for DINO, the head) go to
     * {@code ignored} under {@code path + key}.
     */
    private static void collect(Map<Object, Object> sd, String path, boolean dino, String file,
            Map<String, LazyTensor> tensors, List<String> ignored) throws CheckpointException {
        Map<String, String> origin = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : sd.entrySet()) {
            Object v = e.getValue();
            if (!(e.getKey() instanceof String) || !(v instanceof LazyTensor)) {
                ignored.add(path + keyName(e.getKey()) + " (" + Values.describe(v) + ")");
                continue;
            }
            String key = (String) e.getKey();
            String name = strip(key, dino);
            if (dino && name.startsWith("head.")) {
                ignored.add(path + key + " (DINO projection head, " + Values.describe(v) + ")");
                continue;
            }
            String before = origin.put(name, key);
            if (before != null) {
                throw new CheckpointException(file + ": entries '" + path + before + "' and '" + path + key
                        + "' both name the tensor '" + name + "' once prefixes are removed");
            }
            tensors.put(name, (LazyTensor) v);
        }
    }

    private static String strip(String key, boolean dino) {
        String k = key;
        boolean changed = true;
        while (changed) {
            changed = false;
            if (k.startsWith("module.")) {
                k = k.substring("module.".length());
                changed = true;
            } else if (dino && k.startsWith("backbone.")) {
                k = k.substring("backbone.".length());
                changed = true;
            }
        }
        return k;
    }

    private static boolean hasTensors(Object o) {
        return o instanceof Map && ((Map<?, ?>) o).values().stream().anyMatch(v -> v instanceof LazyTensor);
    }

    private static boolean wrapsTensors(Map<?, ?> m) {
        for (String w : WRAPPERS) {
            if (hasTensors(m.get(w))) {
                return true;
            }
        }
        return false;
    }

    private static String keyList(Map<Object, Object> m) {
        if (m.isEmpty()) {
            return "none";
        }
        List<String> keys = new ArrayList<>();
        for (Object k : m.keySet()) {
            if (keys.size() == 20) {
                keys.add("...");
                break;
            }
            keys.add(keyName(k));
        }
        return String.join(", ", keys);
    }

    /** A dict key for messages; never walks into containers. */
    private static String keyName(Object k) {
        if (k instanceof String || k instanceof Number || k instanceof Boolean || k == null) {
            return String.valueOf(k);
        }
        return "<" + Values.typeName(k) + " key>";
    }
}
