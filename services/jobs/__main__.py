from services.jobs.main import main

main()
