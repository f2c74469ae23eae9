"""Run one piece of heavy work (a PDF render, reading an uploaded document) in a child process
with limits, so that no input, however hostile, holds a web or task worker for long or takes
its memory: the child is stopped when its time is up, and may be held to a memory and CPU
ceiling."""

import multiprocessing
import resource
import warnings


class ChildStopped(Exception):
    """The child ran out of time or memory, or died, before it answered."""


class ChildFailed(Exception):
    """The work raised an exception in the child: its type and message, as text."""


def run_in_child(function, *args, seconds, memory_bytes=None):
    """`function(*args)`'s result, worked out in a forked child within `seconds` (and, with
    `memory_bytes`, that much more address space and as many CPU seconds). An exception raised by
    the work is raised here again if it is picklable, else ChildFailed; ChildStopped when the
    child gives no answer in time."""
    # Forked, so the child starts with what this process has loaded (fonts, parsers). It only
    # works and sends back its result; if it inherited a lock held by another thread and waits
    # on it, the time limit ends it like any slow work.
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(
        target=_work_and_send, args=(function, args, sending, memory_bytes, seconds)
    )
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "This process .* is multi-threaded", DeprecationWarning)
        child.start()
    sending.close()
    try:
        if not receiving.poll(seconds):
            raise ChildStopped(f"took longer than {seconds:g} seconds")
        outcome, payload = receiving.recv()
    except EOFError:
        raise ChildStopped("stopped without an answer (out of memory or CPU time?)") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiving.close()
    if outcome == "stopped":
        raise ChildStopped(payload)
    if outcome == "raised":
        raise payload
    if outcome == "failed":
        raise ChildFailed(payload)
    return payload


def _work_and_send(function, args, connection, memory_bytes, seconds):
    if memory_bytes:
        _limit_resources(memory_bytes, seconds)
    try:
        result = ("result", function(*args))
    except MemoryError:
        result = ("stopped", "needed more memory than it may have")
    except Exception as error:  # noqa: BLE001 (whatever broke is sent to the parent, raised there)
        result = ("raised", error)
    try:
        connection.send(result)
    except Exception as error:  # noqa: BLE001 (the exception could not be pickled)
        connection.send(("failed", f"{type(result[1]).__name__}: {result[1]} ({error})"))
    connection.close()


def _limit_resources(memory_bytes, seconds):
    """At most `memory_bytes` more address space than the child started with (it shares the
    server process's), and the CPU time its wall time allows."""
    cpu = int(seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    try:
        with open("/proc/self/statm") as statm:  # Linux: the size now, in pages
            now = int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:
        return  # elsewhere the time limit alone holds
    resource.setrlimit(resource.RLIMIT_AS, (now + memory_bytes, now + memory_bytes))
