package org.dinoscope.model.checkpoint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An inert stand-in for a Python class or object that a checkpoint's pickle mentions but a state dict never
 * needs: {@code argparse.Namespace}, optimizer classes, numpy scalars, a pickled {@code nn.Module}, ...
 *
 * <p>Python's unpickler would import the class and call it. Here nothing is looked up or run: the class becomes a
 * placeholder that only remembers its qualified name, and "calling" it (REDUCE, NEWOBJ, OBJ, INST) yields another
 * placeholder that keeps the arguments; BUILD, SETITEMS and APPENDS on it just record what they were given. The
 * values kept are never interpreted, except that the layout can say which class a top-level entry was.
 */
final class Placeholder {
    private final String qualifiedName;
    private final boolean isClass;
    private final List<Object> args;
    private Object state;
    private final Map<Object, Object> items = new LinkedHashMap<>();
    private final List<Object> listItems = new ArrayList<>();

    private Placeholder(String qualifiedName, boolean isClass, List<Object> args) {
        this.qualifiedName = qualifiedName;
        this.isClass = isClass;
        this.args = args;
    }

    /** The placeholder for the global {@code module.name}. */
    static Placeholder forGlobal(String module, String name) {
        return new Placeholder(module + "." + name, true, Collections.emptyList());
    }

    /** What calling this placeholder with {@code args} yields: an instance placeholder of the same name. */
    Placeholder call(List<Object> callArgs) {
        return new Placeholder(qualifiedName, false, callArgs == null ? Collections.emptyList() : callArgs);
    }

    /** Python's {@code module.name} of the class (or of the callable whose result this is). */
    String qualifiedName() {
        return qualifiedName;
    }

    boolean isClass() {
        return isClass;
    }

    List<Object> args() {
        return Collections.unmodifiableList(args);
    }

    Object state() {
        return state;
    }

    void setState(Object newState) {
        this.state = newState;
    }

    Map<Object, Object> items() {
        return items;
    }

    List<Object> listItems() {
        return listItems;
    }

    /** Never prints the contents: they may be large or cyclic. */
    @Override
    public String toString() {
        return (isClass ? "class " : "object of class ") + qualifiedName;
    }
}
