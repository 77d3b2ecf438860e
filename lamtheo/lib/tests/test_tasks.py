import threading

from lamtheo.lib.tasks import run_in_background


def test_inline_when_configured(settings):
    settings.TASKS_INLINE = True
    done = []
    run_in_background(done.append, 1)
    assert done == [1]


def test_a_thread_after_the_transaction_commits(settings, django_capture_on_commit_callbacks, db):
    settings.TASKS_INLINE = False
    finished = threading.Event()
    seen = []

    def task(value):
        seen.append((value, threading.current_thread().name))
        finished.set()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run_in_background(task, 7)
        assert not finished.is_set()  # nothing runs before the commit
    assert len(callbacks) == 1
    assert finished.wait(5)
    assert seen == [(7, "task-task")]


def test_a_failing_task_is_logged_not_raised(settings, django_capture_on_commit_callbacks, caplog, db):
    settings.TASKS_INLINE = False
    finished = threading.Event()

    def broken():
        finished.set()
        raise RuntimeError("boom")

    with django_capture_on_commit_callbacks(execute=True):
        run_in_background(broken)
    assert finished.wait(5)
    for thread in threading.enumerate():
        if thread.name == "task-broken":
            thread.join(5)
    assert "Background task broken failed" in caplog.text
